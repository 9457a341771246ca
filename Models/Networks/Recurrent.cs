namespace RnnZoo.Models.Networks;

/// <summary>The factory for recurrent networks.</summary>
/// <example>
/// <code>
/// var encoder = Recurrent.Create(RnnKind.Lstm, inputSize: 50, hiddenSize: 100, layers: 2,
///                                bidirectional: true, implementation: RecurrentImplementation.Reference);
/// var (outputs, state) = encoder.forward(embedded, lengths);   // outputs: [B, T, 200]
/// </code>
/// </example>
public static class Recurrent
{
    /// <summary>Builds the network <paramref name="spec"/> describes, fused or reference.</summary>
    /// <exception cref="ArgumentException">An invalid size, layer count or dropout.</exception>
    public static RecurrentNetwork Create(RecurrentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        return spec.Implementation == RecurrentImplementation.Reference
            ? new ReferenceRecurrentNetwork(spec)
            : new FusedRecurrentNetwork(spec);
    }

    /// <summary>Builds a network from its parts; see <see cref="RecurrentSpec"/> for each.</summary>
    public static RecurrentNetwork Create(RnnKind kind, int inputSize, int hiddenSize, int layers = 1, bool bidirectional = false,
        double dropout = 0, RecurrentImplementation implementation = RecurrentImplementation.Fused,
        Nonlinearity nonlinearity = Nonlinearity.Tanh, bool bias = true) =>
        Create(new RecurrentSpec(kind, inputSize, hiddenSize, layers, bidirectional, dropout, implementation, nonlinearity, bias));
}
