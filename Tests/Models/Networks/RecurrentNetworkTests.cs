using RnnZoo.Models;
using RnnZoo.Models.Initialization;
using RnnZoo.Models.Networks;
using RnnZoo.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Networks;

[TestFixture]
public class RecurrentNetworkTests
{
    [Test]
    public void BothImplementations_ExposePyTorchNamesInPyTorchOrder()
    {
        using var scope = NewDisposeScope();
        var spec = new RecurrentSpec(RnnKind.Gru, 3, 4, Layers: 2, Bidirectional: true);
        var fused = Recurrent.Create(spec);
        var reference = Recurrent.Create(spec with { Implementation = RecurrentImplementation.Reference });
        var expected = new List<string>();
        foreach (var layer in new[] { "_l0", "_l1" })
        foreach (var dir in new[] { "", "_reverse" })
            expected.AddRange(new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" }.Select(n => n + layer + dir));
        Assert.That(fused.named_parameters().Select(p => p.name), Is.EqualTo(expected));
        Assert.That(reference.named_parameters().Select(p => p.name), Is.EqualTo(expected));
        Assert.That(reference.state_dict().Keys, Is.EqualTo(expected));
        Assert.That(reference.parameters().Count(), Is.EqualTo(16), "the optimizer sees each parameter once");
    }

    [Test]
    public void SaveFromFused_LoadIntoReference_GivesSameOutputs()
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        var path = Path.Combine(Path.GetTempPath(), $"rnnzoo-{Guid.NewGuid():N}.bin");
        try
        {
            var spec = new RecurrentSpec(RnnKind.Lstm, 3, 5, Layers: 2);
            var fused = Recurrent.Create(spec);
            RnnZoo.Models.Serialization.ModelFile.Save(fused, path);
            var reference = Recurrent.Create(spec with { Implementation = RecurrentImplementation.Reference });
            RnnZoo.Models.Serialization.ModelFile.Load(reference, path);
            var x = randn(2, 4, 3);
            TensorAssert.Close(reference.forward(x).Output, fused.forward(x).Output, 1e-5, "outputs after load");
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void CopyParametersFrom_DifferentShape_NamesTheParameter()
    {
        using var scope = NewDisposeScope();
        var small = Recurrent.Create(RnnKind.Lstm, 3, 5);
        var large = Recurrent.Create(RnnKind.Lstm, 3, 6, implementation: RecurrentImplementation.Reference);
        Assert.That(() => large.CopyParametersFrom(small), Throws.ArgumentException.With.Message.Contains("'weight_ih_l0' has shape [20, 3], the target expects [24, 3]"));
        var deeper = Recurrent.Create(RnnKind.Lstm, 3, 5, layers: 2);
        Assert.That(() => deeper.CopyParametersFrom(small), Throws.ArgumentException.With.Message.Contains("weight_ih_l1"));
    }

    [Test]
    public void KerasInit_GlorotOrthogonalZeroBiasAndForgetBiasOne()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        const int h = 8, input = 5;
        var network = Recurrent.Create(RnnKind.Lstm, input, h);
        KerasInitializers.Apply(network);
        var p = network.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        // Glorot-uniform limit sqrt(6 / (fan_in + fan_out)) = sqrt(6 / (5 + 32)).
        Assert.That(p["weight_ih_l0"].abs().max().item<float>(), Is.LessThanOrEqualTo(Math.Sqrt(6.0 / (input + 4 * h)) + 1e-6));
        // Orthogonal: W_hh^T W_hh = I (orthonormal columns of the [4H, H] matrix).
        var gram = p["weight_hh_l0"].t().mm(p["weight_hh_l0"]);
        TensorAssert.Close(gram, eye(h), 1e-5, "W_hh^T W_hh");
        var bias = TensorAssert.Values(p["bias_ih_l0"]);
        Assert.That(bias.Skip(h).Take(h), Is.All.EqualTo(1.0), "forget-gate block of bias_ih");
        Assert.That(bias.Take(h).Concat(bias.Skip(2 * h)), Is.All.EqualTo(0.0));
        Assert.That(TensorAssert.Values(p["bias_hh_l0"]), Is.All.EqualTo(0.0));
    }

    [TestCase(RecurrentImplementation.Reference)]
    [TestCase(RecurrentImplementation.Fused)]
    public void HiddenProbe_GradientIsTotalDerivativeThroughTheRecurrence(RecurrentImplementation implementation)
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var network = Recurrent.Create(RnnKind.Rnn, 2, 3, implementation: implementation);
        var x = randn(1, 4, 2);
        var (result, probe) = network.ForwardWithHiddenProbe(x);
        TensorAssert.Close(result.Output, network.forward(x).Output, 1e-6, "the probe does not change the outputs");
        result.Output[.., ^1, ..].sum().backward(); // the loss reads only h_T
        var norms = TensorAssert.Values(probe.grad!.pow(2).sum(2).sqrt().flatten());
        // dL/dh_T = 1 per unit; earlier steps only see the loss through the recurrence, so they are non-zero too.
        Assert.That(norms[3], Is.EqualTo(Math.Sqrt(3)).Within(1e-5));
        Assert.That(norms.Take(3), Is.All.GreaterThan(0));

        // Check dL/dh_2 by finite differences on h_2 through the reference loop: perturb the probe.
        var reference = Recurrent.Create(network.Spec with { Implementation = RecurrentImplementation.Reference });
        reference.CopyParametersFrom(network);
        var eps = 1e-2f;
        double Loss(int unit, float delta)
        {
            using var noGrad = no_grad();
            // The probe holding a perturbation of h_2.
            var bump = zeros(1, 4, 3); bump[0, 2, unit] = tensor(delta);
            var (r2, _) = ForwardWithBump(reference, x, bump);
            return r2.Output[.., ^1, ..].sum().item<float>();
        }
        for (var unit = 0; unit < 3; unit++)
        {
            var numeric = (Loss(unit, eps) - Loss(unit, -eps)) / (2 * eps);
            Assert.That(probe.grad![0, 2, unit].item<float>(), Is.EqualTo(numeric).Within(2e-3), $"dL/dh_2[{unit}]");
        }
    }

    // Runs the reference network with a fixed (non-zero) probe: h_t + bump_t inside the recurrence.
    private static (RnnZoo.Models.Layers.RecurrentOutput, Tensor) ForwardWithBump(RecurrentNetwork reference, Tensor x, Tensor bump) =>
        (reference.forward(x, null, null, new RnnZoo.Models.Layers.ForwardOptions(HiddenProbe: bump)), bump);
}
