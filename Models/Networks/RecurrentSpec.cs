using RnnZoo.Models.Cells;

namespace RnnZoo.Models.Networks;

/// <summary>
/// Everything that defines a recurrent network, as plain data (serialisable, comparable), so that an
/// experiment can declare it and the factory <see cref="Recurrent.Create(RecurrentSpec, CellFactory?)"/> can build it.
/// </summary>
/// <param name="Kind">The family, RNN, LSTM or GRU: libtorch's fused kernel, and the standard reference cell
/// (<see cref="ElmanCell"/>, <see cref="LstmCell"/>, <see cref="GruCell"/>) unless <paramref name="Cell"/> names another.</param>
/// <param name="InputSize">Features of each input step.</param>
/// <param name="HiddenSize">Units of each layer and direction.</param>
/// <param name="Layers">Number of stacked layers (default 1).</param>
/// <param name="Bidirectional">True for a bidirectional network: outputs are <c>[forward; backward]</c> (2 * HiddenSize).</param>
/// <param name="Dropout">Dropout on the outputs of every layer but the last, while training (PyTorch's <c>dropout</c>).</param>
/// <param name="Implementation">Fused (TorchSharp's kernels) or reference (RnnZoo's cells).</param>
/// <param name="Nonlinearity">Activation of the Elman RNN (refused by cells without a choice).</param>
/// <param name="Bias">Whether the cells have bias vectors.</param>
/// <param name="Cell">A cell of <see cref="CellCatalog"/> by name (e.g. <c>"peephole_lstm"</c>) in place of the kind's
/// standard cell; only the reference implementation runs it. Keras' initialisers treat its parameters by their names
/// (<c>weight_ih*</c>, <c>weight_hh*</c>, <c>bias*</c>), and an LSTM-family cell is expected in PyTorch's gate order.</param>
public sealed record RecurrentSpec(
    RnnKind Kind,
    int InputSize,
    int HiddenSize,
    int Layers = 1,
    bool Bidirectional = false,
    double Dropout = 0,
    RecurrentImplementation Implementation = RecurrentImplementation.Fused,
    Nonlinearity Nonlinearity = Nonlinearity.Tanh,
    bool Bias = true,
    string? Cell = null)
{
    /// <summary>1, or 2 when bidirectional.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>Features of each output step: HiddenSize × directions.</summary>
    public int OutputSize => HiddenSize * Directions;

    /// <summary>The cell the reference implementation unrolls: <see cref="Cell"/>, else the kind's standard cell.</summary>
    public string CellName => Cell ?? StandardCell(Kind);

    /// <summary>True when libtorch has a kernel for this network (its cell is the kind's standard cell).</summary>
    public bool HasFusedKernel => CellName == StandardCell(Kind);

    /// <summary>The name of the standard reference cell of <paramref name="kind"/> in <see cref="CellCatalog"/>.</summary>
    public static string StandardCell(RnnKind kind) => kind switch
    {
        RnnKind.Rnn => "rnn",
        RnnKind.Lstm => "lstm",
        RnnKind.Gru => "gru",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"Kind must be one of {string.Join(", ", Enum.GetNames<RnnKind>())}."),
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public RecurrentSpec Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, $"Kind must be one of {string.Join(", ", Enum.GetNames<RnnKind>())}.");
        if (!Enum.IsDefined(Implementation)) throw new ArgumentOutOfRangeException(nameof(Implementation), Implementation, "Implementation must be Fused or Reference.");
        if (!Enum.IsDefined(Nonlinearity)) throw new ArgumentOutOfRangeException(nameof(Nonlinearity), Nonlinearity, "Nonlinearity must be Tanh or Relu.");
        Guard.Positive(InputSize, nameof(InputSize));
        Guard.Positive(HiddenSize, nameof(HiddenSize));
        Guard.Positive(Layers, nameof(Layers));
        Guard.Probability(Dropout, nameof(Dropout));
        if (Cell is not null && !CellCatalog.Contains(Cell))
            throw new ArgumentException($"Cell: unknown cell '{Cell}'; known cells: {string.Join(", ", CellCatalog.Names)}.", nameof(Cell));
        return this;
    }
}
