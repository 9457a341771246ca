using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// The recurrent matrix product of a step, <c>addend + h W^T</c>, for one cell (<c>[batch, H] · [H, P]</c>, addmm) or
/// for a group of cells stepped together (<c>[members, batch, H] · [members, H, P]</c>, baddbmm): the steppers write
/// their equations once for both.
/// </summary>
internal static class RecurrentProduct
{
    /// <summary><paramref name="h"/> · <paramref name="weightT"/>.</summary>
    public static Tensor Of(Tensor h, Tensor weightT) => weightT.dim() == 2 ? h.mm(weightT) : h.bmm(weightT);

    /// <summary><paramref name="addend"/> + <paramref name="h"/> · <paramref name="weightT"/>, a new tensor.</summary>
    public static Tensor Add(Tensor addend, Tensor h, Tensor weightT) =>
        weightT.dim() == 2 ? addend.addmm(h, weightT) : BatchedAdd(addend, h, weightT);

    /// <summary>The same, written into <paramref name="addend"/> where libtorch offers it (one cell: addmm_); a group
    /// gets a new tensor (TorchSharp has no in-place baddbmm). For inference only.</summary>
    public static Tensor AddInPlace(Tensor addend, Tensor h, Tensor weightT) =>
        weightT.dim() == 2 ? addend.addmm_(h, weightT, 1, 1) : BatchedAdd(addend, h, weightT);

    /// <summary>
    /// The gradient of transposed recurrent weights used at every step of a run, <c>Σ_t h_tᵀ dz_t</c>, as one
    /// product: <paramref name="h"/> <c>[time, (members,) batch, H]</c> (what each step multiplied), <paramref name="dz"/>
    /// <c>[time, (members,) batch, P]</c>; <c>[H, P]</c> or <c>[members, H, P]</c>.
    /// </summary>
    public static Tensor WeightGradient(Tensor h, Tensor dz)
    {
        if (h.dim() == 3) return h.reshape(-1, h.shape[^1]).t().mm(dz.reshape(-1, dz.shape[^1]));
        var members = h.shape[1];
        return h.transpose(0, 1).reshape(members, -1, h.shape[^1]).transpose(1, 2).bmm(dz.transpose(0, 1).reshape(members, -1, dz.shape[^1]));
    }

    // addend + h·w in one baddbmm. TorchSharp 0.107's Tensor.baddbmm(b, c) computes c + this·b (the receiver is the
    // first factor, not the addend as in PyTorch's input.baddbmm(batch1, batch2)), hence the order; the group parity
    // tests (Lockstep against one cell at a time and against the fused kernels) check it.
    private static Tensor BatchedAdd(Tensor addend, Tensor h, Tensor weightT) => h.baddbmm(weightT, addend);

    /// <summary>
    /// A group's input projection: <paramref name="input"/> <c>[members, ..., I]</c> times each member's
    /// <paramref name="weightIhT"/> <c>[members, I, P]</c> plus its <paramref name="bias"/> <c>[members, 1, P]</c>, one batched
    /// product for all members: <c>[members, ..., P]</c>.
    /// </summary>
    public static Tensor Project(Tensor input, Tensor weightIhT, Tensor? bias)
    {
        var shape = input.shape;
        var flat = input.reshape(shape[0], -1, shape[^1]);
        var projected = bias is null ? flat.bmm(weightIhT) : BatchedAdd(bias, flat, weightIhT);
        return projected.view(shape[..^1].Append(weightIhT.shape[2]).ToArray());
    }

    /// <summary>The members' input weights <c>[P, I]</c> transposed and stacked, <c>[members, I, P]</c>, or null when their input sizes differ.</summary>
    public static Tensor? StackInputWeights(IEnumerable<Tensor> weightsIh)
    {
        var list = weightsIh.ToArray();
        return list.Any(w => w.shape[1] != list[0].shape[1]) ? null : stack(list.Select(w => w.t()).ToArray());
    }

    /// <summary>Stacks the members' weights <c>[H, P]</c> into <c>[members, H, P]</c> (biases <c>[P]</c> into <c>[members, 1, P]</c>).</summary>
    public static Tensor Stack(IEnumerable<Tensor> weights)
    {
        var list = weights.ToArray();
        return list[0].dim() == 1 ? stack(list).unsqueeze(1) : stack(list);
    }
}
