using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// LSTM with peephole connections (Gers, Schraudolph and Schmidhuber 2002, "Learning precise timing with LSTM
/// recurrent networks"; the form of Graves 2013, "Generating sequences with recurrent neural networks", eqs. 7-11):
/// the gates also look at the cell state, the input and forget gates at the previous one, the output gate at the new one.
/// Gates stacked (i, f, g, o) as in PyTorch's LSTM:
/// <code>
/// i  = σ(W_ii x + b_ii + W_hi h + b_hi + p_i ⊙ c)      input gate, peeking at c
/// f  = σ(W_if x + b_if + W_hf h + b_hf + p_f ⊙ c)      forget gate, peeking at c
/// g  = tanh(W_ig x + b_ig + W_hg h + b_hg)            candidate
/// c' = f ⊙ c + i ⊙ g
/// o  = σ(W_io x + b_io + W_ho h + b_ho + p_o ⊙ c')     output gate, peeking at the new c'
/// h' = o ⊙ tanh(c')
/// </code>
/// With <c>p = 0</c> it is <see cref="LstmCell"/>. The output is <c>h'</c>; the state is <c>(h', c')</c>. ONNX's LSTM
/// operator computes the same (its optional input P holds the peepholes, in the order i, o, f).
/// </summary>
/// <remarks>
/// Parameters: <c>weight_ih</c> <c>[4H, I]</c>, <c>weight_hh</c> <c>[4H, H]</c>, <c>bias_ih</c> and <c>bias_hh</c> <c>[4H]</c>
/// (PyTorch's LSTM layout, so Keras' initialisers and weight copies treat them as an LSTM's), and the peepholes
/// <c>weight_ci</c>, <c>weight_cf</c>, <c>weight_co</c> <c>[H]</c> (diagonal: one weight per unit), all U(-1/sqrt(H), 1/sqrt(H)).
/// </remarks>
[CellName("peephole_lstm")]
public sealed class PeepholeLstmCell : RecurrentCell
{
#pragma warning disable IDE1006 // PyTorch's parameter names for the LSTM part
    public Parameter weight_ih;
    public Parameter weight_hh;
    public Parameter? bias_ih;
    public Parameter? bias_hh;
    public Parameter weight_ci;
    public Parameter weight_cf;
    public Parameter weight_co;
#pragma warning restore IDE1006

    /// <summary>Creates a peephole LSTM cell.</summary>
    public PeepholeLstmCell(int inputSize, int hiddenSize, bool bias = true) : base(nameof(PeepholeLstmCell), inputSize, hiddenSize)
    {
        (weight_ih, weight_hh, bias_ih, bias_hh) = CellParameters.Create(inputSize, hiddenSize, gates: 4, bias);
        var k = 1.0 / Math.Sqrt(hiddenSize);
        weight_ci = new Parameter(empty(hiddenSize).uniform_(-k, k));
        weight_cf = new Parameter(empty(hiddenSize).uniform_(-k, k));
        weight_co = new Parameter(empty(hiddenSize).uniform_(-k, k));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override IReadOnlyList<int> StateSizes => [HiddenSize, HiddenSize];

    /// <inheritdoc />
    public override CellStepper Prepare() => new Stepper(this);

    private sealed class Stepper(PeepholeLstmCell cell) : CellStepper
    {
        private readonly Tensor _weightHhT = cell.weight_hh.t();
        private readonly Tensor? _bias = CellParameters.SumBiases(cell.bias_ih, cell.bias_hh);

        // W_i* x + b_i* + b_h* for the four gates and every step in one product.
        public override Tensor ProjectInputs(Tensor input) => nn.functional.linear(input, cell.weight_ih, _bias);

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            var (h, c) = (state.H, state.C!);
            var gates = projectedInput.addmm(h, _weightHhT).chunk(4, 1);   // + W_h* h; (i, f, g, o)
            var i = (gates[0] + cell.weight_ci * c).sigmoid();
            var f = (gates[1] + cell.weight_cf * c).sigmoid();
            var g = gates[2].tanh();
            var cNext = f * c + i * g;
            var o = (gates[3] + cell.weight_co * cNext).sigmoid();
            var hNext = o * cNext.tanh();
            return new CellOutput(hNext, new RecurrentState(hNext, cNext));
        }
    }
}
