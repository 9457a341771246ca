using RnnZoo.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Checkpoints;

/// <summary>Copies of a model's weights kept in memory (best epoch, last good epoch), outside every DisposeScope.</summary>
public static class WeightSnapshot
{
    /// <summary>A copy of every entry of the model's state, detached from the DisposeScopes (dispose it with <see cref="Dispose"/>).</summary>
    public static Dictionary<string, Tensor> Of(nn.Module model)
    {
        using var noGrad = no_grad();
        return model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
    }

    /// <summary>Copies <paramref name="weights"/> into the model's state.</summary>
    public static void Restore(nn.Module model, IReadOnlyDictionary<string, Tensor> weights)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in model.state_dict()) tensor.copy_(weights[name]);
    }

    /// <summary>Frees a snapshot (null is allowed).</summary>
    public static void Dispose(IReadOnlyDictionary<string, Tensor>? weights)
    {
        if (weights is null) return;
        foreach (var t in weights.Values) t.Dispose();
    }
}
