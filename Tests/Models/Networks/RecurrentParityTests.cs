using RnnZoo.Models;
using RnnZoo.Models.Layers;
using RnnZoo.Models.Networks;
using RnnZoo.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Networks;

/// <summary>
/// The reference implementation (RnnZoo's cells) against libtorch's fused kernels with the same weights:
/// outputs and final states within 1e-5, gradients w.r.t. the input and every parameter within 1e-4,
/// for each kind × layers × direction × (equal lengths, padded with lengths).
/// </summary>
[TestFixture]
public class RecurrentParityTests
{
    private const double OutputTolerance = 1e-5;
    private const double GradientTolerance = 1e-4;
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
        var spec = new RecurrentSpec(kind, input, hidden, layers, bidirectional);
        var fused = Recurrent.Create(spec with { Implementation = RecurrentImplementation.Fused });
        var reference = Recurrent.Create(spec with { Implementation = RecurrentImplementation.Reference });
        reference.CopyParametersFrom(fused);

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

    private static void Track(ref double largest, double diff) => largest = Math.Max(largest, diff);

    [OneTimeTearDown]
    public void Report() =>
        TestContext.Progress.WriteLine($"Parity: largest output/state difference {_largestOutputDiff:E3}, largest gradient difference {_largestGradientDiff:E3}");
}
