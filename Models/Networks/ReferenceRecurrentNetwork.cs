using RnnZoo.Models.Cells;
using RnnZoo.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Networks;

/// <summary>
/// The reference implementation: cells written from their equations, each unrolled by a <see cref="RecurrentLayer"/>.
/// By default the spec's cell (<see cref="RecurrentSpec.CellName"/>: <see cref="ElmanCell"/>, <see cref="LstmCell"/>,
/// <see cref="GruCell"/>, or any cell of <see cref="CellCatalog"/>); or any cell a <see cref="CellFactory"/> makes.
/// With the standard cells it equals the fused kernels (see the parity tests), and it is readable: every equation is in a cell.
/// </summary>
public sealed class ReferenceRecurrentNetwork : RecurrentNetwork
{
    /// <summary>Builds the network described by <paramref name="spec"/> (its Implementation is not consulted).</summary>
    /// <param name="spec">Sizes, layers, directions, dropout.</param>
    /// <param name="cell">Makes the cell of each layer and direction; null for the spec's cell from <see cref="CellCatalog"/>.</param>
    /// <exception cref="ArgumentException">The cell made does not have the spec's sizes (the message names them).</exception>
    public ReferenceRecurrentNetwork(RecurrentSpec spec, CellFactory? cell = null)
        : base(nameof(ReferenceRecurrentNetwork), spec, (s, inputSize) => new RecurrentLayer(Make(cell ?? CellCatalog.Get(s.CellName), s, inputSize))) { }

    private static RecurrentCell Make(CellFactory factory, RecurrentSpec spec, int inputSize)
    {
        var cell = factory(new CellArguments(inputSize, spec.HiddenSize, Bias: spec.Bias, Nonlinearity: spec.Nonlinearity))
                   ?? throw new ArgumentException("cell: the factory returned null.");
        if (cell.InputSize != inputSize || cell.HiddenSize != spec.HiddenSize || cell.OutputSize != spec.HiddenSize)
            throw new ArgumentException(
                $"cell: a network layer needs a cell with input {inputSize}, hidden {spec.HiddenSize} and output {spec.HiddenSize}, " +
                $"got {cell.GetType().Name} with input {cell.InputSize}, hidden {cell.HiddenSize}, output {cell.OutputSize} " +
                "(a cell with an output layer of its own is unrolled by CellSequenceModel instead).");
        return cell;
    }

    /// <inheritdoc />
    public override (RecurrentOutput Result, Tensor Probe) ForwardWithHiddenProbe(Tensor input, Tensor? lengths = null, RecurrentState? initialState = null)
    {
        Guard.Shape(input, nameof(input), -1, -1, InputSize);
        var probe = zeros(new[] { input.shape[0], input.shape[1], (long)OutputSize }, dtype: input.dtype, device: input.device).requires_grad_(true);
        return (forward(input, lengths, initialState, new ForwardOptions(HiddenProbe: probe)), probe);
    }
}
