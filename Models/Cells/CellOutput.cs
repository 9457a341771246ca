using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>What one step of a cell produces.</summary>
/// <param name="Output">The step's output <c>[batch, outputSize]</c> (the new hidden state for RNN, LSTM and GRU).</param>
/// <param name="State">The state for the next step (<c>[batch, hidden]</c> tensors).</param>
public sealed record CellOutput(Tensor Output, RecurrentState State);
