using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace RnnZoo.Models.Cells;

/// <summary>
/// An LSTM over a whole run of steps with one libtorch call a step: the recurrent matrix product, then
/// <see cref="LstmKernel"/> for the element-wise equations. While training, the run is one autograd node whose
/// backward pass is backpropagation through time written out (as libtorch's fused CPU LSTM, oneDNN's RNN
/// primitive, does it): per step, back from the last, the kernel's derivative and one product <c>dz_t Wᵀ</c> for the
/// previous hidden state; after the loop, the recurrent weights' gradient <c>Σ_t h_{t−1}ᵀ dz_t</c> as one product
/// over all steps and the projected inputs' gradient as the <c>dz</c> of all steps at once.
/// </summary>
/// <remarks>
/// Float32 on the CPU only (<see cref="Supports"/>); other dtypes and devices step through <see cref="LstmCell"/>'s
/// tensor equations, whose autograd gradients the tests compare with these.
/// Shapes: inputs <c>[time, ..., batch, 4H]</c> (projected, biases included, in <see cref="LstmKernel"/>'s layout: the
/// stepper's gate order, the candidate's rows doubled), state
/// <c>[..., batch, H]</c>, recurrent weights transposed <c>[H, 4H]</c> or, for a group, <c>[members, H, 4H]</c>.
/// </remarks>
internal static class LstmSequence
{
    /// <summary>True when the kernel can run on tensors like <paramref name="weightT"/>.</summary>
    public static bool Supports(Tensor weightT) => weightT.dtype == ScalarType.Float32 && weightT.device_type == DeviceType.CPU;

    /// <summary>The hidden and cell states after every step, each <c>[time, ..., batch, H]</c>.</summary>
    public static (Tensor H, Tensor C) Run(Tensor inputs, Tensor h0, Tensor c0, Tensor weightT)
    {
        if (is_grad_enabled() && (inputs.requires_grad || h0.requires_grad || c0.requires_grad || weightT.requires_grad))
        {
            var outputs = Function.apply(inputs, h0, c0, weightT);
            return (outputs[0], outputs[1]);
        }
        var (hs, cs, _) = Forward(inputs, h0, c0, weightT, keep: false);
        return (hs, cs);
    }

    // The loop of the forward pass; with keep, it returns each step's activated gates for the backward pass.
    private static (Tensor H, Tensor C, Tensor[]? Gates) Forward(Tensor inputs, Tensor h0, Tensor c0, Tensor weightT, bool keep)
    {
        var time = inputs.shape[0];
        var stateShape = new[] { time }.Concat(c0.shape).ToArray();
        var (hs, cs) = (empty(stateShape, dtype: c0.dtype), empty(stateShape, dtype: c0.dtype));
        var hidden = (int)c0.shape[^1];
        using var cFirst = c0.contiguous();
        var (inputSteps, hSteps, cSteps) = (inputs.unbind(0), hs.unbind(0), cs.unbind(0));
        var gates = keep ? new Tensor[time] : null;
        for (var t = 0; t < time; t++)
        {
            var z = RecurrentProduct.Add(inputSteps[t], t == 0 ? h0 : hSteps[t - 1], weightT); // a new tensor: the kernel works in it
            var (cPrev, c, h) = (t == 0 ? cFirst : cSteps[t - 1], cSteps[t], hSteps[t]);
            LstmKernel.Activate(Floats(z));
            LstmKernel.Update(Floats(z), Floats(cPrev), Floats(c), Floats(h), hidden);
            if (gates is null) z.Dispose();
            else gates[t] = z;
        }
        DisposeAll(inputSteps, hSteps, cSteps);
        return (hs, cs, gates);
    }

    private static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);

    private static void DisposeAll(params Tensor[]?[] groups)
    {
        foreach (var group in groups)
            if (group is not null)
                foreach (var t in group) t.Dispose();
    }

    private sealed record StepTensors(Tensor[] Steps);

    private sealed class Function : MultiTensorFunction<Function>
    {
        public override string Name => "LstmSequenceBackward";

        public override List<Tensor> forward(AutogradContext ctx, params object[] vars)
        {
            var (inputs, h0, c0, weightT) = ((Tensor)vars[0], (Tensor)vars[1], (Tensor)vars[2], (Tensor)vars[3]);
            var (hs, cs, gates) = Forward(inputs, h0, c0, weightT, keep: true);
            ctx.save_for_backward(new List<Tensor> { hs, cs, h0, c0, weightT });
            // The activated gates are the node's own (no other node sees them): kept as data, not as saved variables.
            ctx.save_data("gates", new StepTensors(gates!));
            return new List<Tensor> { hs, cs };
        }

        public override List<Tensor> backward(AutogradContext ctx, List<Tensor> grads)
        {
            var saved = ctx.get_saved_variables();
            var (hs, cs, h0, c0, weightT) = (saved[0], saved[1], saved[2], saved[3], saved[4]);
            var gates = ((StepTensors)ctx.get_data("gates")).Steps;
            var time = (int)hs.shape[0];
            var hidden = (int)hs.shape[^1];
                using var dhs = grads[0].contiguous();
            using var dcs = grads[1].contiguous();
            using var cFirst = c0.contiguous();
            var dz = empty(new[] { (long)time }.Concat(gates[0].shape).ToArray(), dtype: hs.dtype);
            // ∂L/∂c carried back a step, in two buffers that take turns (the kernel's output may not overlap its input).
            var (dcCarry, dcPrevious) = (zeros_like(cFirst), empty_like(cFirst));
            Tensor? dhNext = null;
            var (cSteps, dhSteps, dcSteps, dzSteps) = (cs.unbind(0), dhs.unbind(0), dcs.unbind(0), dz.unbind(0));
            for (var t = time - 1; t >= 0; t--)
            {
                LstmKernel.Backward(Floats(gates[t]), Floats(t == 0 ? cFirst : cSteps[t - 1]), Floats(cSteps[t]), Floats(dhSteps[t]),
                    dhNext is null ? Span<float>.Empty : Floats(dhNext), Floats(dcSteps[t]), Floats(dcCarry), Floats(dzSteps[t]), Floats(dcPrevious), hidden);
                (dcCarry, dcPrevious) = (dcPrevious, dcCarry);
                var previous = RecurrentProduct.Back(dzSteps[t], weightT); // ∂L/∂h_{t−1} through this step's product: dz_t Wᵀ
                dhNext?.Dispose();
                dhNext = previous;
            }
            DisposeAll(cSteps, dhSteps, dcSteps, dzSteps);
            dcPrevious.Dispose();
            // The recurrent weights multiply h_{t−1} at every step: one product over all steps.
            using var hPrevious = cat(new[] { h0.unsqueeze(0), hs.narrow(0, 0, time - 1) }, 0);
            var dWeightT = RecurrentProduct.WeightGradient(hPrevious, dz);
            return new List<Tensor> { dz, dhNext!, dcCarry, dWeightT };
        }
    }
}
