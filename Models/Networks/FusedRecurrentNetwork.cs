using RnnZoo.Models.Layers;

namespace RnnZoo.Models.Networks;

/// <summary>
/// The fused implementation: each layer and direction is TorchSharp's <c>nn.RNN</c>, <c>nn.LSTM</c> or <c>nn.GRU</c>
/// (libtorch's kernels), wrapped in a <see cref="FusedLayer"/> that handles post-padded lengths exactly
/// without a PackedSequence.
/// </summary>
public sealed class FusedRecurrentNetwork : RecurrentNetwork
{
    /// <summary>Builds the network described by <paramref name="spec"/>, which must name no cell other than its kind's.</summary>
    /// <exception cref="ArgumentException">The spec names a cell libtorch has no kernel for.</exception>
    public FusedRecurrentNetwork(RecurrentSpec spec) : base(nameof(FusedRecurrentNetwork), CheckFusable(spec),
        (s, inputSize) => new FusedLayer(s.Kind, inputSize, s.HiddenSize, s.Nonlinearity, s.Bias)) { }

    private static RecurrentSpec CheckFusable(RecurrentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.HasFusedKernel)
            throw new ArgumentException($"Cell '{spec.CellName}' has no fused libtorch kernel: use Implementation = Reference (--implementation reference).", nameof(spec));
        return spec;
    }
}
