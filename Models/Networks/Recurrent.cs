using RnnZoo.Models.Cells;

namespace RnnZoo.Models.Networks;

/// <summary>The factory for recurrent networks.</summary>
/// <example>
/// <code>
/// var encoder = Recurrent.Create(RnnKind.Lstm, inputSize: 50, hiddenSize: 100, layers: 2,
///                                bidirectional: true, implementation: RecurrentImplementation.Reference);
/// var (outputs, state) = encoder.forward(embedded, lengths);   // outputs: [B, T, 200]
///
/// // Any cell: a bidirectional 2-layer network of peephole LSTMs.
/// var peephole = Recurrent.Create(new RecurrentSpec(RnnKind.Lstm, 50, 100, Layers: 2, Bidirectional: true),
///                                 a => new PeepholeLstmCell(a.InputSize, a.HiddenSize, a.Bias));
/// </code>
/// </example>
public static class Recurrent
{
    /// <summary>
    /// Builds the network <paramref name="spec"/> describes: fused or reference, or, with <paramref name="cell"/>, a
    /// reference network of the cells it makes (the spec's Implementation is then not consulted).
    /// </summary>
    /// <exception cref="ArgumentException">An invalid size, layer count or dropout; a fused network of a cell libtorch has no kernel for.</exception>
    public static RecurrentNetwork Create(RecurrentSpec spec, CellFactory? cell = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        if (cell is not null) return new ReferenceRecurrentNetwork(spec with { Implementation = RecurrentImplementation.Reference }, cell);
        return spec.Implementation switch
        {
            RecurrentImplementation.Reference => new ReferenceRecurrentNetwork(spec),
            RecurrentImplementation.Fused => new FusedRecurrentNetwork(spec),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Implementation, "Implementation must be Fused or Reference."),
        };
    }

    /// <summary>Builds a network from its parts; see <see cref="RecurrentSpec"/> for each.</summary>
    public static RecurrentNetwork Create(RnnKind kind, int inputSize, int hiddenSize, int layers = 1, bool bidirectional = false,
        double dropout = 0, RecurrentImplementation implementation = RecurrentImplementation.Fused,
        Nonlinearity nonlinearity = Nonlinearity.Tanh, bool bias = true) =>
        Create(new RecurrentSpec(kind, inputSize, hiddenSize, layers, bidirectional, dropout, implementation, nonlinearity, bias));
}
