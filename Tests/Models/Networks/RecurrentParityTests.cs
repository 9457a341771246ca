using RnnZoo.Models;
using RnnZoo.Models.Layers;
using RnnZoo.Models.Networks;
using RnnZoo.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Networks;

/// <summary>
/// The reference implementation (RnnZoo's cells) against libtorch's fused kernels with the same weights:
/// outputs and final states within 1e-5, gradients w.r.t. the input, the initial state and every parameter within 1e-5,
/// for each kind × layers × direction × (equal lengths, padded with lengths).
/// </summary>
[TestFixture]
public class RecurrentParityTests
{
    private const double OutputTolerance = 1e-5;
    private const double GradientTolerance = 1e-5;
    private static double _largestOutputDiff, _largestGradientDiff;

    public static IEnumerable<TestCaseData> Cases()
    {
        foreach (var kind in new[] { RnnKind.Rnn, RnnKind.Lstm, RnnKind.Gru })
        foreach (var layers in new[] { 1, 2 })
        foreach (var bidirectional in new[] { false, true })
        foreach (var padded in new[] { false, true })
            yield return new TestCaseData(kind, layers, bidirectional, padded)
                .SetName($"Parity_{kind}_{layers}layer_{(bidirectional ? "bi" : "uni")}_{(padded ? "padded" : "equal")}");
    }

    [TestCaseSource(nameof(Cases))]
    public void ReferenceMatchesFused(RnnKind kind, int layers, bool bidirectional, bool padded)
    {
        using var scope = NewDisposeScope();
        manual_seed(1234);
        const int batch = 4, time = 7, input = 5, hidden = 6;
        var (spec, fused, reference) = Pair(new RecurrentSpec(kind, input, hidden, layers, bidirectional));

        var x = randn(batch, time, input);
        // Lengths include the full length and a length of 1; padding is zeros past each length.
        var lengths = padded ? tensor(new long[] { 7, 3, 1, 5 }) : null;
        if (lengths is not null) x = x * (arange(time).unsqueeze(0) < lengths.unsqueeze(1)).unsqueeze(-1).to(x.dtype);
        var h0 = randn(layers * spec.Directions, batch, hidden);
        var c0 = kind == RnnKind.Lstm ? randn(layers * spec.Directions, batch, hidden) : null;
        var weights = (Output: randn(batch, time, spec.OutputSize), H: randn(h0.shape), C: randn(h0.shape));

        var (outF, stateF, gradsF) = Run(fused, x, lengths, new RecurrentState(h0, c0), weights);
        var (outR, stateR, gradsR) = Run(reference, x, lengths, new RecurrentState(h0, c0), weights);

        Track(ref _largestOutputDiff, TensorAssert.Close(outR, outF, OutputTolerance, "outputs"));
        Track(ref _largestOutputDiff, TensorAssert.Close(stateR.H, stateF.H, OutputTolerance, "h_n"));
        if (kind == RnnKind.Lstm) Track(ref _largestOutputDiff, TensorAssert.Close(stateR.C!, stateF.C!, OutputTolerance, "c_n"));
        if (lengths is not null)
        {
            // Past each length, both implementations output exact zeros.
            var past = (arange(time).unsqueeze(0) >= lengths.unsqueeze(1)).unsqueeze(-1);
            Assert.That(outR.masked_select(past).abs().sum().item<float>(), Is.Zero, "reference output past the length");
            Assert.That(outF.masked_select(past).abs().sum().item<float>(), Is.Zero, "fused output past the length");
        }

        Assert.That(gradsR.Keys, Is.EquivalentTo(gradsF.Keys), "parameter names");
        foreach (var name in gradsF.Keys)
            Track(ref _largestGradientDiff, TensorAssert.Close(gradsR[name], gradsF[name], GradientTolerance, $"d loss / d {name}"));
    }

    /// <summary>
    /// Inference (gradients off): the reference steppers compute in place, with tanh as 2σ(2x) − 1, and the layers step
    /// their cells in lockstep; outputs and states still equal the fused kernels', with and without the padding masked.
    /// </summary>
    [TestCaseSource(nameof(Cases))]
    public void Inference_ReferenceMatchesFused(RnnKind kind, int layers, bool bidirectional, bool padded)
    {
        using var scope = NewDisposeScope();
        manual_seed(4321);
        const int batch = 4, time = 7, input = 5, hidden = 6;
        var (spec, fused, reference) = Pair(new RecurrentSpec(kind, input, hidden, layers, bidirectional));
        var lengths = padded ? tensor(new long[] { 7, 3, 1, 5 }) : null;
        var x = randn(batch, time, input);
        var initial = new RecurrentState(randn(layers * spec.Directions, batch, hidden), kind == RnnKind.Lstm ? randn(layers * spec.Directions, batch, hidden) : null);
        using var noGrad = no_grad();
        var f = fused.forward(x, lengths, initial);
        var r = reference.forward(x, lengths, initial);
        Track(ref _largestOutputDiff, TensorAssert.Close(r.Output, f.Output, OutputTolerance, "outputs"));
        Track(ref _largestOutputDiff, TensorAssert.Close(r.State.H, f.State.H, OutputTolerance, "h_n"));
        if (kind == RnnKind.Lstm) Track(ref _largestOutputDiff, TensorAssert.Close(r.State.C!, f.State.C!, OutputTolerance, "c_n"));
        // Outputs only, padding left unmasked: the valid steps are the same.
        var options = new ForwardOptions(OutputsOnly: true, UnmaskedPadding: true);
        var valid = lengths is null ? ones(batch, time, 1) : (arange(time).unsqueeze(0) < lengths.unsqueeze(1)).unsqueeze(-1).to(ScalarType.Float32);
        var unmasked = reference.forward(x, lengths, initial, options).Output * valid;
        TensorAssert.Close(unmasked, f.Output, OutputTolerance, "reference outputs with the padding unmasked, at the valid steps");
        TensorAssert.Close(fused.forward(x, lengths, initial, options).Output * valid, f.Output, OutputTolerance, "fused outputs with the padding unmasked, at the valid steps");
    }

    /// <summary>
    /// Longer sequences, so that the lockstep of a stack (a wavefront over chunks of ~√T steps) runs many chunks with
    /// a short last one, three layers deep, and sequences end in the middle of chunks: training (gradients included)
    /// and inference against the fused kernels.
    /// </summary>
    [TestCase(RnnKind.Lstm, 3, false)]
    [TestCase(RnnKind.Gru, 3, false)]
    [TestCase(RnnKind.Rnn, 3, false)]
    [TestCase(RnnKind.Lstm, 2, true)]
    [TestCase(RnnKind.Gru, 2, true)]
    public void LongSequences_ReferenceMatchesFused(RnnKind kind, int layers, bool bidirectional)
    {
        using var scope = NewDisposeScope();
        manual_seed(99);
        const int batch = 5, time = 45, input = 3, hidden = 5;
        var (spec, fused, reference) = Pair(new RecurrentSpec(kind, input, hidden, layers, bidirectional));
        var lengths = tensor(new long[] { 45, 1, 23, 44, 8 });
        var x = randn(batch, time, input) * (arange(time).unsqueeze(0) < lengths.unsqueeze(1)).unsqueeze(-1).to(ScalarType.Float32);
        var h0 = randn(layers * spec.Directions, batch, hidden);
        var c0 = kind == RnnKind.Lstm ? randn(layers * spec.Directions, batch, hidden) : null;
        var weights = (Output: randn(batch, time, spec.OutputSize), H: randn(h0.shape), C: randn(h0.shape));
        foreach (var l in new[] { lengths, null })
        {
            var (outF, stateF, gradsF) = Run(fused, x, l, new RecurrentState(h0, c0), weights);
            var (outR, stateR, gradsR) = Run(reference, x, l, new RecurrentState(h0, c0), weights);
            var what = l is null ? "full length" : "lengths";
            Track(ref _largestOutputDiff, TensorAssert.Close(outR, outF, OutputTolerance, $"outputs ({what})"));
            Track(ref _largestOutputDiff, TensorAssert.Close(stateR.H, stateF.H, OutputTolerance, $"h_n ({what})"));
            if (c0 is not null) Track(ref _largestOutputDiff, TensorAssert.Close(stateR.C!, stateF.C!, OutputTolerance, $"c_n ({what})"));
            foreach (var name in gradsF.Keys)
                Track(ref _largestGradientDiff, TensorAssert.Close(gradsR[name], gradsF[name], GradientTolerance, $"d loss / d {name} ({what})"));
            using var noGrad = no_grad();
            var inference = reference.forward(x, l, new RecurrentState(h0, c0));
            Track(ref _largestOutputDiff, TensorAssert.Close(inference.Output, outF, OutputTolerance, $"inference outputs ({what})"));
            Track(ref _largestOutputDiff, TensorAssert.Close(inference.State.H, stateF.H, OutputTolerance, $"inference h_n ({what})"));
            if (c0 is not null) Track(ref _largestOutputDiff, TensorAssert.Close(inference.State.C!, stateF.C!, OutputTolerance, $"inference c_n ({what})"));
        }
    }

    /// <summary>
    /// The LSTM's whole-run kernel (float32 on the CPU) at hidden sizes that fill whole SIMD vectors (8, 16) and that
    /// end rows with an overlapping one (13): stacked and bidirectional (both directions in one kernel run), with and
    /// without lengths, training and inference, against the fused kernels.
    /// </summary>
    [TestCase(8, 2, false)]
    [TestCase(13, 2, false)]
    [TestCase(13, 1, true)]
    [TestCase(16, 2, true)]
    public void LstmKernelWidths_ReferenceMatchesFused(int hidden, int layers, bool bidirectional)
    {
        using var scope = NewDisposeScope();
        manual_seed(hidden * 10 + layers);
        const int batch = 6, time = 12, input = 7;
        var (spec, fused, reference) = Pair(new RecurrentSpec(RnnKind.Lstm, input, hidden, layers, bidirectional));
        var lengths = tensor(new long[] { 12, 1, 5, 12, 9, 2 });
        var x = randn(batch, time, input) * (arange(time).unsqueeze(0) < lengths.unsqueeze(1)).unsqueeze(-1).to(ScalarType.Float32);
        var h0 = randn(layers * spec.Directions, batch, hidden);
        var c0 = randn(layers * spec.Directions, batch, hidden);
        var weights = (Output: randn(batch, time, spec.OutputSize), H: randn(h0.shape), C: randn(h0.shape));
        foreach (var l in new[] { lengths, null })
        {
            var what = l is null ? "full length" : "lengths";
            var (outF, stateF, gradsF) = Run(fused, x, l, new RecurrentState(h0, c0), weights);
            var (outR, stateR, gradsR) = Run(reference, x, l, new RecurrentState(h0, c0), weights);
            Track(ref _largestOutputDiff, TensorAssert.Close(outR, outF, OutputTolerance, $"outputs ({what})"));
            Track(ref _largestOutputDiff, TensorAssert.Close(stateR.H, stateF.H, OutputTolerance, $"h_n ({what})"));
            Track(ref _largestOutputDiff, TensorAssert.Close(stateR.C!, stateF.C!, OutputTolerance, $"c_n ({what})"));
            foreach (var name in gradsF.Keys)
                Track(ref _largestGradientDiff, TensorAssert.Close(gradsR[name], gradsF[name], GradientTolerance, $"d loss / d {name} ({what})"));
            using var noGrad = no_grad();
            var inference = reference.forward(x, l, new RecurrentState(h0, c0));
            Track(ref _largestOutputDiff, TensorAssert.Close(inference.Output, outF, OutputTolerance, $"inference outputs ({what})"));
            Track(ref _largestOutputDiff, TensorAssert.Close(inference.State.C!, stateF.C!, OutputTolerance, $"inference c_n ({what})"));
        }
    }

    /// <summary>Without biases the fused bidirectional call takes the other kernel signature; both implementations agree.</summary>
    [TestCase(RnnKind.Lstm)]
    [TestCase(RnnKind.Gru)]
    [TestCase(RnnKind.Rnn)]
    public void NoBias_Bidirectional_ReferenceMatchesFused(RnnKind kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var (_, fused, reference) = Pair(new RecurrentSpec(kind, 3, 4, Layers: 1, Bidirectional: true, Bias: false,
            Nonlinearity: kind == RnnKind.Rnn ? Nonlinearity.Relu : Nonlinearity.Tanh));
        var x = randn(2, 6, 3);
        var h0 = randn(2, 2, 4);
        var c0 = kind == RnnKind.Lstm ? randn(2, 2, 4) : null;
        var weights = (Output: randn(2, 6, 8), H: randn(2, 2, 4), C: randn(2, 2, 4));
        var (outF, stateF, gradsF) = Run(fused, x, null, new RecurrentState(h0, c0), weights);
        var (outR, stateR, gradsR) = Run(reference, x, null, new RecurrentState(h0, c0), weights);
        TensorAssert.Close(outR, outF, OutputTolerance, "outputs");
        TensorAssert.Close(stateR.H, stateF.H, OutputTolerance, "h_n");
        foreach (var name in gradsF.Keys) TensorAssert.Close(gradsR[name], gradsF[name], GradientTolerance, $"d loss / d {name}");
    }

    private static (Tensor Output, RecurrentState State, Dictionary<string, Tensor> Grads) Run(
        RecurrentNetwork network, Tensor x, Tensor? lengths, RecurrentState initial, (Tensor Output, Tensor H, Tensor C) weights)
    {
        var input = x.detach().requires_grad_(true);
        var h0 = initial.H.detach().requires_grad_(true);
        var c0 = initial.C?.detach().requires_grad_(true);
        network.zero_grad();
        var (output, state) = network.forward(input, lengths, new RecurrentState(h0, c0));
        // A loss that weighs every output and state element differently, so every gradient path is checked.
        var loss = (output * weights.Output).sum() + (state.H * weights.H).sum();
        if (state.C is not null) loss = loss + (state.C * weights.C).sum();
        loss.backward();
        var grads = network.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        grads["input"] = input.grad!.clone();
        grads["h0"] = h0.grad!.clone();
        if (c0 is not null) grads["c0"] = c0.grad!.clone();
        return (output.detach(), new RecurrentState(state.H.detach(), state.C?.detach()), grads);
    }

    // A fused network and a reference one with the same weights.
    private static (RecurrentSpec Spec, RecurrentNetwork Fused, RecurrentNetwork Reference) Pair(RecurrentSpec spec)
    {
        var fused = Recurrent.Create(spec with { Implementation = RecurrentImplementation.Fused });
        var reference = Recurrent.Create(spec with { Implementation = RecurrentImplementation.Reference });
        reference.CopyParametersFrom(fused);
        return (spec, fused, reference);
    }

    private static void Track(ref double largest, double diff) => largest = Math.Max(largest, diff);

    [OneTimeTearDown]
    public void Report() =>
        TestContext.Progress.WriteLine($"Parity: largest output/state difference {_largestOutputDiff:E3}, largest gradient difference {_largestGradientDiff:E3}");
}
