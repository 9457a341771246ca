using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models;

/// <summary>
/// The state a recurrent cell or network carries from one time step to the next.
/// </summary>
/// <remarks>
/// For a single cell, <see cref="H"/> (and <see cref="C"/> for an LSTM) is <c>[batch, hidden]</c>.
/// For a network (stacked and/or bidirectional) the layout is PyTorch's <c>h_n</c>/<c>c_n</c>:
/// <c>[layers * directions, batch, hidden]</c>, index <c>layer * directions + direction</c>.
/// </remarks>
/// <param name="H">Hidden state.</param>
/// <param name="C">Cell state (LSTM only), else null.</param>
public sealed record RecurrentState(Tensor H, Tensor? C = null)
{
    /// <summary>Moves both tensors to the enclosing dispose scope (see TorchSharp's DisposeScope).</summary>
    public RecurrentState MoveToOuterDisposeScope()
    {
        H.MoveToOuterDisposeScope();
        C?.MoveToOuterDisposeScope();
        return this;
    }
}
