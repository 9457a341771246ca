namespace RnnZoo.Models.Networks;

/// <summary>
/// Everything that defines a recurrent network, as plain data (serialisable, comparable), so that an
/// experiment can declare it and the factory <see cref="Recurrent.Create(RecurrentSpec)"/> can build it.
/// </summary>
/// <param name="Kind">RNN, LSTM or GRU.</param>
/// <param name="InputSize">Features of each input step.</param>
/// <param name="HiddenSize">Units of each layer and direction.</param>
/// <param name="Layers">Number of stacked layers (default 1).</param>
/// <param name="Bidirectional">True for a bidirectional network: outputs are <c>[forward; backward]</c> (2 * HiddenSize).</param>
/// <param name="Dropout">Dropout on the outputs of every layer but the last, while training (PyTorch's <c>dropout</c>).</param>
/// <param name="Implementation">Fused (TorchSharp's kernels) or reference (RnnZoo's cells).</param>
/// <param name="Nonlinearity">Activation of the Elman RNN (ignored for LSTM and GRU).</param>
/// <param name="Bias">Whether the cells have bias vectors.</param>
public sealed record RecurrentSpec(
    RnnKind Kind,
    int InputSize,
    int HiddenSize,
    int Layers = 1,
    bool Bidirectional = false,
    double Dropout = 0,
    RecurrentImplementation Implementation = RecurrentImplementation.Fused,
    Nonlinearity Nonlinearity = Nonlinearity.Tanh,
    bool Bias = true)
{
    /// <summary>1, or 2 when bidirectional.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Features of each output step: HiddenSize × directions.</summary>
    public int OutputSize => HiddenSize * Directions;

    /// <summary>Number of gate blocks stacked in each weight matrix (RNN 1, LSTM 4, GRU 3).</summary>
    public int Gates => Kind switch { RnnKind.Lstm => 4, RnnKind.Gru => 3, _ => 1 };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public RecurrentSpec Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, $"Kind must be one of {string.Join(", ", Enum.GetNames<RnnKind>())}.");
        if (!Enum.IsDefined(Implementation)) throw new ArgumentOutOfRangeException(nameof(Implementation), Implementation, "Implementation must be Fused or Reference.");
        Guard.Positive(InputSize, nameof(InputSize));
        Guard.Positive(HiddenSize, nameof(HiddenSize));
        Guard.Positive(Layers, nameof(Layers));
        Guard.Probability(Dropout, nameof(Dropout));
        return this;
    }
}
