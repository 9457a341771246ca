using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace RnnZoo.Models.Cells;

/// <summary>
/// An LSTM over a whole run of steps with one libtorch call a step: the recurrent matrix product, added in place into
/// the step's gates, then <see cref="LstmKernel"/> for the element-wise equations. While training, the run (its input
/// projection included) is one autograd node whose backward pass is backpropagation through time written out, as
/// libtorch's fused CPU LSTM (oneDNN's RNN primitive) does it: per step, back from the last, the kernel's derivative
/// and one product <c>dz_t Wᵀ</c> for the previous hidden state; after the loop, the input's gradient as one product,
/// and the gradients of all the weights and the bias (<c>Σ_t [x_t, h_{t−1}, 1]ᵀ dz_t</c>) as one more.
/// </summary>
/// <remarks>
/// <para>Float32 on the CPU only (<see cref="Supports"/>); other dtypes and devices step through <see cref="LstmCell"/>'s
/// tensor equations, whose autograd gradients the tests compare with these.</para>
/// <para>Shapes, in <see cref="LstmKernel"/>'s layout (the stepper's gate order, the candidate's rows doubled): input
/// <c>[time, batch, I]</c> with its projection's weights transposed <c>[I, 4H]</c> and bias <c>[4H]</c>; or, with no
/// projection weights, inputs already projected <c>[time, ..., batch, 4H]</c> (a group: <c>[time, members, batch, 4H]</c>);
/// state <c>[..., batch, H]</c>; recurrent weights transposed <c>[H, 4H]</c> or <c>[members, H, 4H]</c>.</para>
/// </remarks>
internal static class LstmSequence
{
    /// <summary>True when the kernel can run on tensors like <paramref name="weightT"/>.</summary>
    public static bool Supports(Tensor weightT) => weightT.dtype == ScalarType.Float32 && weightT.device_type == DeviceType.CPU;

    /// <summary>The hidden and cell states after every step, each <c>[time, ..., batch, H]</c>.</summary>
    /// <remarks>With gradients off, the kernel works in already projected <paramref name="inputs"/> when they are
    /// contiguous (the stepper's own projection, read once).</remarks>
    public static (Tensor H, Tensor C) Run(Tensor inputs, Tensor? weightIhT, Tensor? bias, Tensor h0, Tensor c0, Tensor weightT)
    {
        var anyGrad = inputs.requires_grad || weightIhT is { requires_grad: true } || bias is { requires_grad: true }
                      || h0.requires_grad || c0.requires_grad || weightT.requires_grad;
        if (is_grad_enabled() && anyGrad)
        {
            var outputs = Function.apply(inputs, weightIhT!, bias!, h0, c0, weightT);
            return (outputs[0], outputs[1]);
        }
        var (hs, cs, _) = Forward(inputs, weightIhT, bias, h0, c0, weightT, inPlace: !is_grad_enabled());
        return (hs, cs);
    }

    // The loop of the forward pass; returns the activated gates of every step ([time, ..., batch, 4H]) for the backward pass.
    private static (Tensor H, Tensor C, Tensor Gates) Forward(Tensor inputs, Tensor? weightIhT, Tensor? bias, Tensor h0, Tensor c0, Tensor weightT,
        bool inPlace)
    {
        var time = inputs.shape[0];
        var stateShape = new[] { time }.Concat(c0.shape).ToArray();
        var (hs, cs) = (empty(stateShape, dtype: c0.dtype), empty(stateShape, dtype: c0.dtype));
        var hidden = (int)c0.shape[^1];
        // W_i* x + b for every step in one product, into a buffer of our own: each step adds its product in place.
        var gates = weightIhT is not null ? Project(inputs, weightIhT, bias)
            : inputs.is_contiguous() ? (inPlace ? inputs : inputs.clone()) : inputs.contiguous();
        using var cFirst = c0.contiguous();
        var (gateSteps, hSteps, cSteps) = (gates.unbind(0), hs.unbind(0), cs.unbind(0));
        for (var t = 0; t < time; t++)
        {
            var hPrevious = t == 0 ? h0 : hSteps[t - 1];
            if (weightT.dim() == 2) gateSteps[t].addmm_(hPrevious, weightT, 1, 1);        // + W_h* h_{t−1}
            else using (var product = hPrevious.bmm(weightT)) gateSteps[t].add_(product); // (TorchSharp has no in-place baddbmm)
            var stepGates = Floats(gateSteps[t]);
            LstmKernel.Activate(stepGates);
            LstmKernel.Update(stepGates, Floats(t == 0 ? cFirst : cSteps[t - 1]), Floats(cSteps[t]), Floats(hSteps[t]), hidden);
        }
        DisposeAll(gateSteps, hSteps, cSteps);
        return (hs, cs, gates);
    }

    private static Tensor Project(Tensor input, Tensor weightIhT, Tensor? bias)
    {
        using var flat = input.reshape(-1, input.shape[^1]);
        var projected = bias is null ? flat.mm(weightIhT) : bias.addmm(flat, weightIhT);
        return projected.view(input.shape.SkipLast(1).Append(weightIhT.shape[1]).ToArray());
    }

    private static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);

    private static void DisposeAll(params Tensor[]?[] groups)
    {
        foreach (var group in groups)
            if (group is not null)
                foreach (var t in group) t.Dispose();
    }

    private sealed record SavedGates(Tensor Gates, bool InputNeedsGrad);

    private sealed class Function : MultiTensorFunction<Function>
    {
        public override string Name => "LstmSequenceBackward";

        public override List<Tensor> forward(AutogradContext ctx, params object[] vars)
        {
            var (inputs, weightIhT, bias, h0, c0, weightT) = ((Tensor)vars[0], vars[1] as Tensor, vars[2] as Tensor, (Tensor)vars[3], (Tensor)vars[4], (Tensor)vars[5]);
            var (hs, cs, gates) = Forward(inputs, weightIhT, bias, h0, c0, weightT, inPlace: false);
            ctx.save_for_backward(new List<Tensor> { hs, cs, h0, c0, weightT, inputs, weightIhT!, bias! });
            // Usually nothing reads the cell states after every step: their gradient then stays undefined, not zeros.
            ctx.set_materialize_grads(false);
            // The activated gates are the node's own (no other node sees them): kept as data, not as a saved variable.
            ctx.save_data("gates", new SavedGates(gates, inputs.requires_grad));
            return new List<Tensor> { hs, cs };
        }

        public override List<Tensor> backward(AutogradContext ctx, List<Tensor> grads)
        {
            var saved = ctx.get_saved_variables();
            var (hs, cs, h0, c0, weightT, inputs) = (saved[0], saved[1], saved[2], saved[3], saved[4], saved[5]);
            var (weightIhT, bias) = (Defined(saved[6]), Defined(saved[7]));
            var (gates, inputNeedsGrad) = (SavedGates)ctx.get_data("gates");
            var time = (int)hs.shape[0];
            var hidden = (int)hs.shape[^1];
            using var dhs = Defined(grads[0])?.contiguous() ?? zeros_like(hs);
            using var dcs = Defined(grads[1])?.contiguous();
            using var cFirst = c0.contiguous();
            var dz = empty_like(gates);
            // ∂L/∂c carried back a step, in two buffers that take turns (the kernel's output may not overlap its input).
            var (dcCarry, dcPrevious) = (zeros_like(cFirst), empty_like(cFirst));
            Tensor? dhNext = null;
            using var weight = weightT.dim() == 2 ? weightT.t() : weightT.transpose(1, 2); // W_h* itself, for dz_t W
            var (gateSteps, cSteps, dhSteps, dcSteps, dzSteps) = (gates.unbind(0), cs.unbind(0), dhs.unbind(0), dcs?.unbind(0), dz.unbind(0));
            for (var t = time - 1; t >= 0; t--)
            {
                LstmKernel.Backward(Floats(gateSteps[t]), Floats(t == 0 ? cFirst : cSteps[t - 1]), Floats(cSteps[t]), Floats(dhSteps[t]),
                    dhNext is null ? Span<float>.Empty : Floats(dhNext), dcSteps is null ? Span<float>.Empty : Floats(dcSteps[t]), Floats(dcCarry), Floats(dzSteps[t]), Floats(dcPrevious), hidden);
                (dcCarry, dcPrevious) = (dcPrevious, dcCarry);
                var previous = RecurrentProduct.Of(dzSteps[t], weight); // ∂L/∂h_{t−1} through this step's product: dz_t W
                dhNext?.Dispose();
                dhNext = previous;
            }
            DisposeAll(gateSteps, cSteps, dhSteps, dcSteps, dzSteps);
            dcPrevious.Dispose();
            using var hPrevious = cat(new[] { h0.unsqueeze(0), hs.narrow(0, 0, time - 1) }, 0); // what each step's product multiplied
            if (weightIhT is null) // inputs already projected: their gradient is dz
                return new List<Tensor> { dz, null!, null!, dhNext!, dcCarry, RecurrentProduct.WeightGradient(hPrevious, dz) };

            // The input projection's gradients: ∂L/∂x = dz W_iᵀ... as one product; the weights' and the bias's, with the
            // recurrent weights', as one more over [x_t, h_{t−1}, 1] for all steps, reading dz once.
            var (inputSize, rows) = (inputs.shape[^1], dz.numel() / dz.shape[^1]);
            using var flatDz = dz.view(rows, dz.shape[^1]);
            var dInputs = inputNeedsGrad ? flatDz.mm(weightIhT.t()).view(inputs.shape) : null;
            var columns = new List<Tensor> { inputs.reshape(rows, inputSize), hPrevious.reshape(rows, hidden) };
            if (bias is not null) columns.Add(ones(rows, 1, dtype: dz.dtype));
            using var stacked = cat(columns.ToArray(), 1);
            var all = stacked.t().mm(flatDz); // [I + H (+ 1), 4H]
            var parts = all.split(bias is null ? new[] { inputSize, hidden } : new[] { inputSize, hidden, 1L }, 0);
            return new List<Tensor> { dInputs!, parts[0], bias is null ? null! : parts[2].view(bias.shape), dhNext!, dcCarry, parts[1] };
        }

        private static Tensor? Defined(Tensor? t) => t is null || t.IsInvalid ? null : t;
    }
}
