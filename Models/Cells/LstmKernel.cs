using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RnnZoo.Models.Cells;

/// <summary>
/// The element-wise part of an LSTM step (<see cref="LstmCell"/>'s equations once the matrix products are done) and its
/// derivative, in SIMD registers over float32 memory, for <see cref="LstmSequence"/>.
/// </summary>
/// <remarks>
/// <para>Why: in libtorch the element-wise part of a step is seven to nine calls (sigmoid, tanh, products, sums) on
/// tensors of a few thousand floats, and as many again in the backward pass, each with a fixed cost of microseconds and
/// an autograd node. That was most of a reference training step. libtorch's own CPU LSTM (oneDNN's fused RNN
/// primitive) does this arithmetic in a pass or two, and so does this, in .NET, with no call into libtorch.</para>
/// <para>Layout: the gate rows <c>[rows, 4H]</c> in <see cref="LstmCell"/>'s stepper order (i, f, o, g), the
/// candidate's rows holding <c>2a</c> (its pre-activation doubled, so that one sigmoid covers all four gates:
/// g = tanh(a) = 2σ(2a) − 1); the state rows <c>[rows, H]</c>; rows = members × batch.</para>
/// <para>Each loop body holds one exponential: with all five of a step in one body the forward pass ran at 57-67% of
/// this speed (measured at [64, 100]; the JIT's inlining budget, most likely).</para>
/// </remarks>
internal static class LstmKernel
{
    private static readonly int Width = Vector<float>.Count;
    private static readonly Vector<float> One = Vector<float>.One, Two = new(2f);

    /// <summary>σ of every gate, in place: <paramref name="gates"/> holds the pre-activations and then σ(i), σ(f), σ(o), σ(2a).</summary>
    public static void Activate(Span<float> gates)
    {
        var j = 0;
        for (; j + Width <= gates.Length; j += Width) Store(gates, j, Width, Sigmoid(Load(gates, j, Width)));
        if (j < gates.Length) Store(gates, j, gates.Length - j, Sigmoid(Load(gates, j, gates.Length - j)));
    }

    /// <summary>
    /// The state update from the activated gates (<see cref="Activate"/>) and the previous cell state: writes the cell
    /// state and the hidden state. No output may overlap an input.
    /// </summary>
    public static void Update(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, Span<float> c, Span<float> h, int hidden)
    {
        Check(gates.Length, gates.Length, cPrev.Length, c.Length, h.Length, hidden);
        for (int row = 0, state = 0; state < c.Length; row += 4 * hidden, state += hidden)
            for (var j = 0; j < hidden; j += Width)
            {
                var (at, n) = Lanes(j, hidden);
                j = at;
                var i = Load(gates, row + j, n);                               // i  = σ(W_ii x + b_ii + W_hi h + b_hi)
                var f = Load(gates, row + hidden + j, n);                      // f  = σ(W_if x + b_if + W_hf h + b_hf)
                var o = Load(gates, row + 2 * hidden + j, n);                  // o  = σ(W_io x + b_io + W_ho h + b_ho)
                var g = Two * Load(gates, row + 3 * hidden + j, n) - One;      // g  = tanh(W_ig x + b_ig + W_hg h + b_hg) = 2σ(2a) − 1
                var cNext = f * Load(cPrev, state + j, n) + i * g;             // c' = f ⊙ c + i ⊙ g
                Store(c, state + j, n, cNext);
                Store(h, state + j, n, o * (Two * Sigmoid(Two * cNext) - One)); // h' = o ⊙ tanh(c')
            }
    }

    /// <summary>
    /// Backward through one step: from the step's activated gates, cell states before and after, and the gradients
    /// arriving at its hidden state (from its output, <paramref name="dhOut"/>, and from the next step's product,
    /// <paramref name="dhNext"/>, empty at the last step) and at its cell state (from outside, <paramref name="dcOut"/>,
    /// empty when nothing outside reads the cell states, as usual;
    /// and from the next step, <paramref name="dcCarry"/>), writes the gradient of the gates' pre-activations
    /// <paramref name="dz"/> (the candidate's with respect to its doubled rows) and of the previous cell state,
    /// <paramref name="dcPrev"/>. No output may overlap an input.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> gates, ReadOnlySpan<float> cPrev, ReadOnlySpan<float> c,
        ReadOnlySpan<float> dhOut, ReadOnlySpan<float> dhNext, ReadOnlySpan<float> dcOut, ReadOnlySpan<float> dcCarry, Span<float> dz,
        Span<float> dcPrev, int hidden)
    {
        Check(dz.Length, gates.Length, cPrev.Length, c.Length, dcCarry.Length, hidden);
        if (dhOut.Length != c.Length || dcPrev.Length != c.Length || (dcOut.Length != 0 && dcOut.Length != c.Length)
            || (dhNext.Length != 0 && dhNext.Length != c.Length))
            throw new ArgumentException("LstmKernel.Backward: the gradients do not match the state's size.");
        for (int row = 0, state = 0; state < c.Length; row += 4 * hidden, state += hidden)
            for (var j = 0; j < hidden; j += Width)
            {
                var (at, n) = Lanes(j, hidden);
                j = at;
                var (gi, gf, go, gg, s) = (row + j, row + hidden + j, row + 2 * hidden + j, row + 3 * hidden + j, state + j);
                var (i, f, o, sg) = (Load(gates, gi, n), Load(gates, gf, n), Load(gates, go, n), Load(gates, gg, n));
                var g = Two * sg - One;
                var tc = Two * Sigmoid(Two * Load(c, s, n)) - One;
                var dh = Load(dhOut, s, n) + (dhNext.IsEmpty ? Vector<float>.Zero : Load(dhNext, s, n));
                // h' = o ⊙ tanh(c'): ∂h'/∂o = tanh(c'), ∂h'/∂c' = o ⊙ (1 − tanh²(c')); c' = f ⊙ c + i ⊙ g.
                var dc = (dcOut.IsEmpty ? Vector<float>.Zero : Load(dcOut, s, n)) + Load(dcCarry, s, n) + dh * o * (One - tc * tc);
                Store(dz, gi, n, dc * g * i * (One - i));                  // σ' = σ(1 − σ)
                Store(dz, gf, n, dc * Load(cPrev, s, n) * f * (One - f));
                Store(dz, go, n, dh * tc * o * (One - o));
                Store(dz, gg, n, dc * i * Two * sg * (One - sg));          // g = 2σ(2a) − 1: ∂g/∂(2a) = 2σ'(2a)
                Store(dcPrev, s, n, dc * f);                               // ∂c'/∂c = f
            }
    }

    // Where the vector starting at j goes and how many lanes it carries: the last vector of a row is moved back to end
    // at the row's end (its first lanes are computed twice, the same both times: no output overlaps an input), unless
    // the row is shorter than a vector (then it is padded).
    private static (int At, int Lanes) Lanes(int j, int hidden) =>
        j + Width <= hidden ? (j, Width) : hidden >= Width ? (hidden - Width, Width) : (j, hidden - j);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Sigmoid(Vector<float> x) => One / (One + Exp(-x));

    // e^x for float32, Cephes' expf: x = k ln 2 + r with |r| ≤ ln 2 / 2, e^r by its degree-7 polynomial, 2^k from the
    // exponent bits. Relative error at most 1.2e-7 over [−87, 88] (measured against double precision at 128,000 points;
    // the tests compare the kernel with the equations in float64); clamped outside, where σ is 0 or 1 to float
    // precision anyway.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Exp(Vector<float> x)
    {
        x = Vector.Min(Vector.Max(x, new Vector<float>(-87.3f)), new Vector<float>(88.3f));
        var k = Vector.Floor(Vector.MultiplyAddEstimate(x, new Vector<float>(1.44269504088896341f), new Vector<float>(0.5f)));
        var r = Vector.MultiplyAddEstimate(k, new Vector<float>(-0.693359375f), x);   // ln 2 in two parts, so that r is exact
        r = Vector.MultiplyAddEstimate(k, new Vector<float>(2.12194440e-4f), r);
        var p = Vector.MultiplyAddEstimate(new Vector<float>(1.9875691500e-4f), r, new Vector<float>(1.3981999507e-3f));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(8.3334519073e-3f));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(4.1665795894e-2f));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(1.6666665459e-1f));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(5.0000001201e-1f));
        p = Vector.MultiplyAddEstimate(p * r, r, r + One);
        var twoToK = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32(k) + new Vector<int>(127), 23));
        return p * twoToK;
    }

    // A full vector, or the n < Width floats at the end of a row shorter than a vector (or of the gates), padded with
    // zeros: one definition of the maths for both. The full case reads and writes without bounds checks (Check has
    // compared the spans' lengths with the rows, and Lanes keeps each vector inside its row) and is inlined; the padded
    // one is not (a method with stackalloc never is).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Load(ReadOnlySpan<float> span, int at, int n) =>
        n == Width ? Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)at) : LoadPadded(span, at, n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<float> span, int at, int n, Vector<float> value)
    {
        if (n == Width) value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)at);
        else StorePadded(span, at, n, value);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Vector<float> LoadPadded(ReadOnlySpan<float> span, int at, int n)
    {
        Span<float> padded = stackalloc float[Width];
        span.Slice(at, n).CopyTo(padded);
        return new Vector<float>(padded);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StorePadded(Span<float> span, int at, int n, Vector<float> value)
    {
        Span<float> padded = stackalloc float[Width];
        value.CopyTo(padded);
        padded[..n].CopyTo(span.Slice(at, n));
    }

    private static void Check(int gates, int dz, int cPrev, int c, int state, int hidden)
    {
        if (hidden <= 0 || c % hidden != 0 || gates != 4 * c || dz != gates || cPrev != c || state != c)
            throw new ArgumentException($"LstmKernel: expected gate rows of 4 x {hidden} and state rows of {hidden} alike, got {gates}, {dz}, {cPrev}, {c}, {state} floats.");
    }
}
