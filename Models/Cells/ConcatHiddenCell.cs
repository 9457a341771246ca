using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// Seed 004's cell, the PyTorch tutorial's <c>SimpleRNN</c> with two linear layers over <c>cat(x, h)</c>:
/// <code>
/// combined = [x; h]
/// h' = tanh(i2h(combined))      (the seed adds the tanh; the original tutorial has none)
/// y  = i2o(combined)            (from the previous hidden state h, not h')
/// </code>
/// </summary>
/// <remarks>
/// Parameters: <c>i2h.weight</c> <c>[H, I+H]</c>, <c>i2h.bias</c> <c>[H]</c>, <c>i2o.weight</c> <c>[O, I+H]</c>, <c>i2o.bias</c> <c>[O]</c>.
/// </remarks>
[CellName("concat_hidden")]
public sealed class ConcatHiddenCell : RecurrentCell
{
#pragma warning disable IDE1006 // the seed's names
    public Linear i2h;
    public Linear i2o;
#pragma warning restore IDE1006

    /// <summary>Creates the cell (seed 004: input 10, hidden 20, output 1).</summary>
    public ConcatHiddenCell(int inputSize, int hiddenSize, int outputSize) : base(nameof(ConcatHiddenCell), inputSize, hiddenSize)
    {
        Guard.Positive(outputSize, nameof(outputSize));
        _outputSize = outputSize;
        i2h = nn.Linear(inputSize + hiddenSize, hiddenSize);
        i2o = nn.Linear(inputSize + hiddenSize, outputSize);
        RegisterComponents();
    }

    private readonly int _outputSize;

    /// <inheritdoc />
    public override int OutputSize => _outputSize;

    /// <inheritdoc />
    public override CellStepper Prepare() => new Stepper(this);

    private sealed class Stepper(ConcatHiddenCell cell) : CellStepper
    {
        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            var combined = cat(new[] { projectedInput, state.H }, 1);
            var h = tanh(cell.i2h.forward(combined));
            var y = cell.i2o.forward(combined);
            return new CellOutput(y, new RecurrentState(h));
        }
    }
}
