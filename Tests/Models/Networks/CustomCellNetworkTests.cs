using RnnZoo.Models;
using RnnZoo.Models.Cells;
using RnnZoo.Models.Layers;
using RnnZoo.Models.Networks;
using RnnZoo.Tests.Models.Cells;
using RnnZoo.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Networks;

/// <summary>
/// A cell that is not one of libtorch's (the peephole LSTM) in every network: bidirectional, stacked, with lengths,
/// checked against the fused LSTM (peepholes at zero) and against finite differences (peepholes on).
/// </summary>
[TestFixture]
public class CustomCellNetworkTests
{
    private static readonly RecurrentSpec Spec = new(RnnKind.Lstm, 3, 4, Layers: 2, Bidirectional: true,
        Implementation: RecurrentImplementation.Reference, Cell: "peephole_lstm");

    [Test]
    public void ByName_NamesItsParametersAsPyTorchDoes_AndRefusesTheFusedPath()
    {
        using var scope = NewDisposeScope();
        var network = Recurrent.Create(Spec);
        var names = network.named_parameters().Select(p => p.name).ToList();
        Assert.That(names.Take(7), Is.EqualTo(new[] { "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ci_l0", "weight_cf_l0", "weight_co_l0" }));
        Assert.That(names, Does.Contain("weight_co_l1_reverse"));
        Assert.That(names, Has.Count.EqualTo(28));
        Assert.That(network.StateSizes, Is.EqualTo(new[] { 4, 4 }));
        Assert.That(() => Recurrent.Create(Spec with { Implementation = RecurrentImplementation.Fused }),
            Throws.ArgumentException.With.Message.Contains("'peephole_lstm' has no fused libtorch kernel"));
        Assert.That(() => Recurrent.Create(Spec with { Cell = "nosuch" }), Throws.ArgumentException.With.Message.Contains("unknown cell 'nosuch'"));
    }

    [Test]
    public void ZeroPeepholes_MatchTheFusedLstm_OutputsStatesAndGradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var peephole = Recurrent.Create(Spec);
        var fused = Recurrent.Create(Spec with { Cell = null, Implementation = RecurrentImplementation.Fused });
        var shared = fused.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
            foreach (var (name, p) in peephole.named_parameters())
                if (shared.TryGetValue(name, out var source)) p.copy_(source); else p.zero_();

        var lengths = tensor(new long[] { 6, 2, 4 });
        var x = randn(3, 6, 3) * (arange(6).unsqueeze(0) < lengths.unsqueeze(1)).unsqueeze(-1).to(ScalarType.Float32);
        var (outP, stateP) = peephole.forward(x, lengths);
        var (outF, stateF) = fused.forward(x, lengths);
        TensorAssert.Close(outP, outF, 1e-5, "outputs");
        TensorAssert.Close(stateP.H, stateF.H, 1e-5, "h_n");
        TensorAssert.Close(stateP.C!, stateF.C!, 1e-5, "c_n");

        var weights = randn(outP.shape);
        (outP * weights).sum().backward();
        (outF * weights).sum().backward();
        var peepholeGrads = peephole.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        foreach (var (name, p) in shared) TensorAssert.Close(peepholeGrads[name], p.grad!, 1e-4, $"d loss / d {name}");
    }

    [Test]
    public void Gradients_MatchFiniteDifferences_BidirectionalTwoLayersWithLengths()
    {
        using var scope = NewDisposeScope();
        manual_seed(9);
        var network = Recurrent.Create(Spec with { InputSize = 2, HiddenSize = 2 });
        network.to(ScalarType.Float64);
        var lengths = tensor(new long[] { 4, 2 });
        var x = randn(new long[] { 2, 4, 2 }, dtype: ScalarType.Float64);
        var weights = randn(new long[] { 2, 4, 4 }, dtype: ScalarType.Float64);
        double Loss()
        {
            var (output, state) = network.forward(x, lengths);
            return ((output * weights).sum() + state.C!.sum()).item<double>();
        }
        network.zero_grad();
        {
            var (output, state) = network.forward(x, lengths);
            ((output * weights).sum() + state.C!.sum()).backward();
        }
        const double eps = 1e-6;
        var checkedEntries = 0;
        foreach (var (name, p) in network.named_parameters())
        {
            var analytic = TensorAssert.Values(p.grad!);
            var flat = p.detach().view(-1);
            for (var i = 0; i < flat.shape[0]; i++)
            {
                double Bumped(double delta)
                {
                    using var noGrad = no_grad();
                    var old = flat[i].item<double>();
                    flat[i] = tensor(old + delta, ScalarType.Float64);
                    var loss = Loss();
                    flat[i] = tensor(old, ScalarType.Float64);
                    return loss;
                }
                var numeric = (Bumped(eps) - Bumped(-eps)) / (2 * eps);
                Assert.That(analytic[i], Is.EqualTo(numeric).Within(1e-6 + 1e-5 * Math.Abs(numeric)), $"d loss / d {name}[{i}]");
                checkedEntries++;
            }
        }
        Assert.That(checkedEntries, Is.EqualTo(network.parameters().Sum(p => p.numel())), "every parameter entry checked");
    }

    [Test]
    public void HiddenProbe_ReachesTheCustomCells()
    {
        using var scope = NewDisposeScope();
        manual_seed(10);
        var network = Recurrent.Create(Spec);
        var x = randn(2, 5, 3);
        var lengths = tensor(new long[] { 5, 3 });
        var (result, probe) = network.ForwardWithHiddenProbe(x, lengths);
        TensorAssert.Close(result.Output, network.forward(x, lengths).Output, 1e-6, "the probe does not change the outputs");
        result.Output.sum().backward();
        Assert.That(probe.grad!.shape, Is.EqualTo(new long[] { 2, 5, 8 }));
        Assert.That(probe.grad!.abs().sum().item<float>(), Is.GreaterThan(0));
    }

    [Test]
    public void AFactory_BuildsANetworkOfAnyCell()
    {
        using var scope = NewDisposeScope();
        var network = Recurrent.Create(new RecurrentSpec(RnnKind.Rnn, 2, 3, Layers: 2), a => new LeakyTanhTestCell(a.InputSize, a.HiddenSize));
        var x = ones(1, 2, 2);
        var (output, state) = network.forward(x);
        // Layer 1, all weights 1: h1 = tanh(2) = 0.9640276, h2 = tanh(2) + h1 / 2 = 1.4460414.
        // Layer 2 reads them: h1' = tanh(3 · 0.9640276), h2' = tanh(3 · 1.4460414) + h1' / 2.
        var l2Step1 = Math.Tanh(3 * Math.Tanh(2));
        var l2Step2 = Math.Tanh(3 * (Math.Tanh(2) + Math.Tanh(2) / 2)) + l2Step1 / 2;
        Assert.That(output[0, 1, 0].item<float>(), Is.EqualTo(l2Step2).Within(1e-5));
        Assert.That(state.H.shape, Is.EqualTo(new long[] { 2, 1, 3 }));
        Assert.That(() => Recurrent.Create(new RecurrentSpec(RnnKind.Rnn, 2, 3), a => new WuvCell(a.InputSize, a.HiddenSize, 1)),
            Throws.ArgumentException.With.Message.Contains("CellSequenceModel"));
    }
}
