using RnnZoo.Models;
using RnnZoo.Models.Cells;
using RnnZoo.Models.Layers;
using RnnZoo.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Cells;

/// <summary>
/// The LSTM's kernel for whole runs (float32 on the CPU: SIMD element-wise passes and backpropagation through time by
/// hand) against the cell's tensor equations in float64, where the kernel is not used and autograd differentiates them.
/// Hidden sizes below, at and between multiples of the SIMD width (8 floats with AVX2), so that padded rows, full
/// vectors and the overlapping last vector of a row are all checked.
/// </summary>
[TestFixture]
public class LstmSequenceTests
{
    [Test]
    public void Kernel_IsUsedForFloat32OnTheCpu_NotForOtherDtypes()
    {
        using var scope = NewDisposeScope();
        var cell = new LstmCell(3, 4);
        var input = randn(5, 2, 3); // [time, batch, I]
        var state = new RecurrentState(zeros(2, 4), zeros(2, 4));
        var stepper = cell.Prepare();
        Assert.That(stepper.HasRunKernel, Is.True);
        var all = stepper.StepAll(input, state);
        Assert.That(all, Is.Not.Null);
        Assert.That(all!.Value.Outputs.shape, Is.EqualTo(new long[] { 5, 2, 4 }));
        Assert.That(all.Value.States.C!.shape, Is.EqualTo(new long[] { 5, 2, 4 }));

        cell.to(ScalarType.Float64);
        var doubleStepper = cell.Prepare();
        Assert.That(doubleStepper.HasRunKernel, Is.False);
        Assert.That(doubleStepper.StepAll(input.to(ScalarType.Float64), state.Map(p => p.to(ScalarType.Float64))), Is.Null);
    }

    [TestCase(3, true, true)]
    [TestCase(8, true, true)]
    [TestCase(13, true, true)]
    [TestCase(20, true, true)]
    [TestCase(13, false, true)]
    [TestCase(13, true, false)]
    public void Kernel_MatchesTheEquationsInFloat64_OutputsStatesAndGradients(int hidden, bool bias, bool inputNeedsGrad)
    {
        using var scope = NewDisposeScope();
        manual_seed(hidden);
        const int batch = 3, time = 9, input = 4;
        var kernel = new RecurrentLayer(new LstmCell(input, hidden, bias));
        var exact = new RecurrentLayer(new LstmCell(input, hidden, bias));
        using (no_grad())
        {
            // Weights large enough that gates saturate at some steps (σ and tanh near 0 and ±1).
            foreach (var (p, q) in kernel.parameters().Zip(exact.parameters())) { p.mul_(4); q.copy_(p); }
        }
        exact.to(ScalarType.Float64);
        Assert.That(((LstmCell)kernel.Cell).Prepare().HasRunKernel, Is.True, "the float32 layer runs the kernel");

        var x = randn(batch, time, input) * 2;
        var (h0, c0) = (randn(1, batch, hidden), randn(1, batch, hidden));
        var weights = (Output: randn(batch, time, hidden), H: randn(1, batch, hidden), C: randn(1, batch, hidden));
        var k = Run(kernel, x, h0, c0, weights, inputNeedsGrad);
        var e = Run(exact, x.to(ScalarType.Float64), h0.to(ScalarType.Float64), c0.to(ScalarType.Float64), weights, inputNeedsGrad);

        TensorAssert.Close(k.Output, e.Output, 1e-5, "outputs");
        TensorAssert.Close(k.H, e.H, 1e-5, "h_n");
        TensorAssert.Close(k.C, e.C, 1e-5, "c_n");
        Assert.That(k.Grads.Keys, Is.EquivalentTo(e.Grads.Keys));
        foreach (var name in e.Grads.Keys)
        {
            var scale = Math.Max(1, e.Grads[name].abs().max().item<double>());
            TensorAssert.Close(k.Grads[name] / scale, e.Grads[name] / scale, 1e-5, $"d loss / d {name} (relative to its largest, {scale:F1})");
        }

        using (no_grad())
        {
            var inference = kernel.forward(x, null, new RecurrentState(h0, c0));
            TensorAssert.Close(inference.Output, e.Output, 1e-5, "inference outputs");
            TensorAssert.Close(inference.State.C!, e.C, 1e-5, "inference c_n");
        }
    }

    /// <summary>A loss on the cell state alone leaves the hidden states' gradient undefined, the usual loss on the
    /// outputs alone the cell states': the backward pass treats an undefined gradient as zeros.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public void Gradients_WithALossOnOnePartAlone_MatchFloat64(bool cellStateOnly)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var kernel = new RecurrentLayer(new LstmCell(3, 9));
        var exact = new RecurrentLayer(new LstmCell(3, 9));
        using (no_grad()) foreach (var (p, q) in kernel.parameters().Zip(exact.parameters())) q.copy_(p);
        exact.to(ScalarType.Float64);
        var x = randn(4, 7, 3);
        var weights = randn(1, 4, 9);
        Dictionary<string, Tensor> Grads(RecurrentLayer layer, ScalarType dtype)
        {
            layer.zero_grad();
            var (output, state) = layer.forward(x.to(dtype));
            var loss = cellStateOnly ? (state.C! * weights.to(dtype)).sum() : (output * output).sum();
            loss.backward();
            return layer.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.to(ScalarType.Float64));
        }
        var (k, e) = (Grads(kernel, ScalarType.Float32), Grads(exact, ScalarType.Float64));
        foreach (var name in e.Keys) TensorAssert.Close(k[name], e[name], 1e-5, $"d loss / d {name}");
    }

    /// <summary>A hidden-state probe makes the layer step one step at a time, through the tensor equations on the
    /// kernel's doubled candidate rows: outputs and weight gradients equal the kernel's.</summary>
    [Test]
    public void HiddenProbe_StepByStep_MatchesTheKernel()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        var network = RnnZoo.Models.Networks.Recurrent.Create(new RnnZoo.Models.Networks.RecurrentSpec(RnnKind.Lstm, 3, 10, Layers: 2,
            Implementation: RecurrentImplementation.Reference));
        var x = randn(5, 8, 3);
        Tensor[] Grads(Tensor output)
        {
            network.zero_grad();
            (output * output).sum().backward();
            return network.parameters().Select(p => p.grad!.clone()).ToArray();
        }
        var kernel = network.forward(x).Output;
        var kernelGrads = Grads(kernel);
        var (probed, _) = network.ForwardWithHiddenProbe(x);
        TensorAssert.Close(probed.Output, kernel, 1e-5, "outputs with the probe (step by step) and without (kernel)");
        foreach (var (stepped, fromKernel) in Grads(probed.Output).Zip(kernelGrads))
            TensorAssert.Close(stepped, fromKernel, 1e-5, "weight gradient, step by step against the kernel");
    }

    [Test]
    public void Backward_Twice_WithTheGraphRetained_GivesTheSameGradientTwice()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var layer = new RecurrentLayer(new LstmCell(3, 10));
        var x = randn(2, 6, 3);
        var loss = layer.forward(x).Output.pow(2).sum();
        loss.backward(retain_graph: true);
        var once = layer.parameters().Select(p => p.grad!.clone()).ToArray();
        loss.backward();
        foreach (var (twice, first) in layer.parameters().Select(p => p.grad!).Zip(once))
            TensorAssert.Close(twice, first * 2, 1e-5, "gradient after two backward passes");
    }

    private static (Tensor Output, Tensor H, Tensor C, Dictionary<string, Tensor> Grads) Run(RecurrentLayer layer, Tensor x, Tensor h0, Tensor c0,
        (Tensor Output, Tensor H, Tensor C) weights, bool inputNeedsGrad)
    {
        var (input, h, c) = (x.detach().requires_grad_(inputNeedsGrad), h0.detach().requires_grad_(true), c0.detach().requires_grad_(true));
        var (output, state) = layer.forward(input, null, new RecurrentState(h, c));
        var dtype = output.dtype;
        var loss = (output * weights.Output.to(dtype)).sum() + (state.H * weights.H.to(dtype)).sum() + (state.C! * weights.C.to(dtype)).sum();
        loss.backward();
        var grads = layer.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.to(ScalarType.Float64));
        if (inputNeedsGrad) grads["input"] = input.grad!.to(ScalarType.Float64);
        else Assert.That(input.grad is null || input.grad.IsInvalid, Is.True, "no gradient for an input that needs none");
        grads["h0"] = h.grad!.to(ScalarType.Float64);
        grads["c0"] = c.grad!.to(ScalarType.Float64);
        return (output.detach().to(ScalarType.Float64), state.H.detach().to(ScalarType.Float64), state.C!.detach().to(ScalarType.Float64), grads);
    }
}
