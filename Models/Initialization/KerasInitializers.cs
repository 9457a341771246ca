using RnnZoo.Models.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Initialization;

/// <summary>Keras' default initialisers applied to TorchSharp modules (see <see cref="InitScheme.Keras"/>).</summary>
public static class KerasInitializers
{
    /// <summary>
    /// Recurrent network: <c>weight_ih_*</c> Glorot-uniform (fans of Keras' whole kernel <c>[in, gates*H]</c>, the
    /// same as of our transpose), <c>weight_hh_*</c> orthogonal (Keras' <c>[H, gates*H]</c> has orthonormal rows, our
    /// transpose orthonormal columns), biases zero; for an LSTM the forget-gate block (rows H..2H in PyTorch's
    /// i, f, g, o order) of <c>bias_ih</c> is 1, so <c>b_ih + b_hh</c> equals Keras' single bias.
    /// </summary>
    public static void Apply(RecurrentNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var noGrad = no_grad();
        var h = network.Spec.HiddenSize;
        foreach (var (name, p) in network.named_parameters())
        {
            if (name.StartsWith("weight_ih", StringComparison.Ordinal)) nn.init.xavier_uniform_(p);
            else if (name.StartsWith("weight_hh", StringComparison.Ordinal)) nn.init.orthogonal_(p);
            else if (name.StartsWith("bias", StringComparison.Ordinal))
            {
                p.zero_();
                if (network.Spec.Kind == RnnKind.Lstm && name.StartsWith("bias_ih", StringComparison.Ordinal))
                    p.narrow(0, h, h).fill_(1.0);
            }
        }
    }

    /// <summary>Keras' Embedding default: U(−0.05, 0.05).</summary>
    public static void Apply(Embedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        using var noGrad = no_grad();
        embedding.weight!.uniform_(-0.05, 0.05);
    }

    /// <summary>Keras' Dense default: Glorot-uniform kernel, zero bias.</summary>
    public static void Apply(Linear dense)
    {
        ArgumentNullException.ThrowIfNull(dense);
        using var noGrad = no_grad();
        nn.init.xavier_uniform_(dense.weight!);
        dense.bias?.zero_();
    }
}
