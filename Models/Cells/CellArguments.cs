namespace RnnZoo.Models.Cells;

/// <summary>
/// What a network tells the cell it makes for one layer and direction: the layer's input size (the network's input
/// for the first layer, the layer below's output after it) and the network's settings.
/// </summary>
/// <param name="InputSize">Features of each input step of this layer.</param>
/// <param name="HiddenSize">Units of the hidden state.</param>
/// <param name="OutputSize">Outputs of a cell with its own output layer (seed 003's and 004's cells); null when the
/// cell outputs its hidden state.</param>
/// <param name="Bias">Whether the cell has bias vectors.</param>
/// <param name="Nonlinearity">Activation of cells that offer a choice (the Elman RNN).</param>
public sealed record CellArguments(int InputSize, int HiddenSize, int? OutputSize = null, bool Bias = true,
    Nonlinearity Nonlinearity = Nonlinearity.Tanh);

/// <summary>Makes the cell of one layer and direction of a network (Keras' <c>RNN(cell)</c>, Flux's <c>Recurrence(cell)</c>).</summary>
/// <example><c>Recurrent.Create(spec, a =&gt; new PeepholeLstmCell(a.InputSize, a.HiddenSize, a.Bias))</c></example>
public delegate RecurrentCell CellFactory(CellArguments arguments);
