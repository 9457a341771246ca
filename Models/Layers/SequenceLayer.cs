using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// A layer over whole sequences: <c>forward(input, lengths, initialState) -> (output, state)</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>input</c>: <c>[batch, time, InputSize]</c> (batch first).</item>
/// <item><c>lengths</c>: <c>[batch]</c> int64 on the CPU, each in [1, time], or null when all sequences are full
/// length. Padding is at the end (post-padding). Outputs past a sequence's length are zero and its final
/// state is the state at its last valid step, as PyTorch's packed sequences give.</item>
/// <item><c>initialState</c>: <c>[StateLayers, batch, HiddenSize]</c> tensors, or null for zeros.</item>
/// </list>
/// </remarks>
public abstract class SequenceLayer : nn.Module<Tensor, Tensor?, RecurrentState?, RecurrentOutput>
{
    /// <summary>Creates the layer.</summary>
    protected SequenceLayer(string name) : base(name) { }

    /// <summary>Features of each input step.</summary>
    public abstract int InputSize { get; }

    /// <summary>Units of each direction's hidden state.</summary>
    public abstract int HiddenSize { get; }

    /// <summary>Features of each output step.</summary>
    public abstract int OutputSize { get; }

    /// <summary>True when the state carries an LSTM cell state.</summary>
    public abstract bool HasCellState { get; }

    /// <summary>Leading size of the state tensors: layers × directions.</summary>
    public abstract int StateLayers { get; }

    /// <summary>Runs the layer; checks its arguments first (see the class remarks for shapes).</summary>
    public override RecurrentOutput forward(Tensor input, Tensor? lengths = null, RecurrentState? initialState = null)
    {
        Guard.Shape(input, nameof(input), -1, -1, InputSize);
        var (batch, time) = (input.shape[0], input.shape[1]);
        if (time == 0) throw new ArgumentException("input: expected at least one time step, got shape " + Guard.Describe(input.shape) + ".", nameof(input));
        Guard.Lengths(lengths, nameof(lengths), batch, time);
        if (initialState is not null)
        {
            Guard.Shape(initialState.H, "initialState.H", StateLayers, batch, HiddenSize);
            if (HasCellState)
            {
                if (initialState.C is null) throw new ArgumentException($"initialState.C: an LSTM needs a cell state [{StateLayers}, {batch}, {HiddenSize}], got null.", nameof(initialState));
                Guard.Shape(initialState.C, "initialState.C", StateLayers, batch, HiddenSize);
            }
        }
        return Run(input, lengths, initialState);
    }

    /// <summary>
    /// Diagnostics: when set, a tensor <c>[batch, time, OutputSize]</c> of zeros that requires grad, added to the
    /// hidden state of the top layer at every step (inside the recurrence). The gradient of a loss with respect
    /// to it is dL/dh_t, the total derivative through later steps: the quantity that vanishes or explodes.
    /// Only the reference implementation can take a probe (a fused kernel keeps its steps inside libtorch).
    /// </summary>
    /// Shape: <c>[batch, time, HiddenSize × directions of the top layer]</c>.
    internal Tensor? HiddenProbe { get; set; }

    /// <summary>
    /// Set by a caller that reads only the outputs: a layer may then skip work needed only for the final state
    /// (a fused LSTM's exact final cell state with varying lengths), and the state it returns is incomplete.
    /// Wrappers pass it on to the layers they hold.
    /// </summary>
    internal bool OutputsOnly { get; set; }

    /// <summary>The layer's computation, called with checked arguments.</summary>
    protected abstract RecurrentOutput Run(Tensor input, Tensor? lengths, RecurrentState? initialState);

    /// <summary>Splits a state along its leading (layer × direction) axis.</summary>
    internal static RecurrentState? Slice(RecurrentState? state, int start, int count) =>
        state is null ? null : new RecurrentState(state.H.narrow(0, start, count), state.C?.narrow(0, start, count));

    /// <summary>Concatenates states along their leading (layer × direction) axis.</summary>
    internal static RecurrentState Concat(IReadOnlyList<RecurrentState> states) =>
        states.Count == 1 ? states[0] : new RecurrentState(
            cat(states.Select(s => s.H).ToArray(), 0),
            states[0].C is null ? null : cat(states.Select(s => s.C!).ToArray(), 0));
}
