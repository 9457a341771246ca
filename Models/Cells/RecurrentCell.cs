using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// One time step of a recurrent network: <c>(x_t, state) -> (y_t, state')</c>. A cell holds its weights and
/// its equations and nothing about time; <see cref="Layers.RecurrentLayer"/> unrolls it over a sequence.
/// </summary>
/// <remarks>
/// <c>forward(x, state)</c>: x <c>[batch, InputSize]</c>, state tensors <c>[batch, HiddenSize]</c>;
/// returns the output <c>[batch, OutputSize]</c> and the new state.
/// </remarks>
public abstract class RecurrentCell : nn.Module<Tensor, RecurrentState, CellOutput>
{
    /// <summary>Creates a cell after checking its sizes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    protected RecurrentCell(string name, int inputSize, int hiddenSize) : base(name)
    {
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(hiddenSize, nameof(hiddenSize));
        InputSize = inputSize;
        HiddenSize = hiddenSize;
    }

    /// <summary>Features of each input step.</summary>
    public int InputSize { get; }

    /// <summary>Units of the hidden state.</summary>
    public int HiddenSize { get; }

    /// <summary>Features of each output step; the hidden size unless the cell has an output layer.</summary>
    public virtual int OutputSize => HiddenSize;

    /// <summary>
    /// The size of each tensor of the state, in order: <c>[HiddenSize]</c> by default (the hidden state alone),
    /// <c>[HiddenSize, HiddenSize]</c> for an LSTM (h, c). A cell with a state of another shape says so here, and
    /// the sequence loop, the wrappers and the argument checks follow.
    /// </summary>
    public virtual IReadOnlyList<int> StateSizes => [HiddenSize];

    /// <summary>The all-zero initial state for a batch, on the device and with the dtype of <paramref name="like"/>.</summary>
    public RecurrentState ZeroState(long batchSize, Tensor like) =>
        new(StateSizes.Select(size => zeros(new[] { batchSize, (long)size }, dtype: like.dtype, device: like.device)).ToArray());

    /// <summary>Prepares the cell for unrolling over one sequence (call once per forward pass).</summary>
    public abstract CellStepper Prepare();

    /// <summary>One time step. x: <c>[batch, InputSize]</c>; state: <c>[batch, HiddenSize]</c> tensors.</summary>
    public override CellOutput forward(Tensor x, RecurrentState state)
    {
        Guard.Shape(x, nameof(x), -1, InputSize);
        Guard.State(state, nameof(state), x.shape[0], StateSizes);
        var stepper = Prepare();
        return stepper.Step(stepper.ProjectInputs(x), state);
    }
}
