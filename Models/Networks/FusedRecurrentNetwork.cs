using RnnZoo.Models.Layers;

namespace RnnZoo.Models.Networks;

/// <summary>
/// The fused implementation: each layer and direction is TorchSharp's <c>nn.RNN</c>, <c>nn.LSTM</c> or <c>nn.GRU</c>
/// (libtorch's kernels), wrapped in a <see cref="FusedLayer"/> that handles post-padded lengths exactly
/// without a PackedSequence.
/// </summary>
public sealed class FusedRecurrentNetwork : RecurrentNetwork
{
    /// <summary>Builds the network described by <paramref name="spec"/> (its Implementation is not consulted).</summary>
    public FusedRecurrentNetwork(RecurrentSpec spec) : base(nameof(FusedRecurrentNetwork), spec,
        (s, inputSize) => new FusedLayer(s.Kind, inputSize, s.HiddenSize, s.Nonlinearity, s.Bias)) { }
}
