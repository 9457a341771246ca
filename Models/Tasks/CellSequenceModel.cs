using RnnZoo.Models.Cells;
using RnnZoo.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Tasks;

/// <summary>
/// A cell with its own output layer, unrolled over the sequence: the cell's output at every step is the
/// prediction, <c>[batch, time, cell.OutputSize]</c>. This is how seed 003 (<see cref="WuvCell"/>, <c>y = Vh + c</c>)
/// and seed 004 (<see cref="ConcatHiddenCell"/>, <c>y = i2o([x; h])</c>) use their cells.
/// </summary>
public sealed class CellSequenceModel : SequenceModel
{
    /// <summary>Unrolls <paramref name="cell"/>.</summary>
    public CellSequenceModel(RecurrentCell cell) : base(nameof(CellSequenceModel))
    {
        layer = new RecurrentLayer(cell ?? throw new ArgumentNullException(nameof(cell)));
        RegisterComponents();
    }

#pragma warning disable IDE1006 // field name is the parameter prefix in state_dict
    private readonly RecurrentLayer layer;
#pragma warning restore IDE1006

    /// <summary>The unrolled cell.</summary>
    public RecurrentCell Cell => layer.Cell;

    /// <summary>The cell's outputs at every step, <c>[batch, time, OutputSize]</c>; zero past each length.</summary>
    public override Tensor forward(Tensor inputs, Tensor? lengths) => layer.forward(inputs, lengths).Output;

    /// <inheritdoc />
    public override (Tensor Output, Tensor HiddenSequence) ForwardWithHiddenStates(Tensor inputs, Tensor? lengths)
    {
        Guard.Shape(inputs, nameof(inputs), -1, -1, layer.InputSize);
        var probe = zeros(new[] { inputs.shape[0], inputs.shape[1], (long)layer.HiddenSize }, dtype: inputs.dtype, device: inputs.device).requires_grad_(true);
        return (layer.forward(inputs, lengths, null, new ForwardOptions(HiddenProbe: probe)).Output, probe);
    }
}
