using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// A layer over whole sequences: <c>forward(input, lengths, initialState[, options]) -> (output, state)</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>input</c>: <c>[batch, time, InputSize]</c> (batch first).</item>
/// <item><c>lengths</c>: <c>[batch]</c> int64 on the CPU, each in [1, time], or null when all sequences are full
/// length. Padding is at the end (post-padding). Outputs past a sequence's length are zero and its final
/// state is the state at its last valid step, as PyTorch's packed sequences give.</item>
/// <item><c>initialState</c>: one tensor <c>[StateLayers, batch, size]</c> per entry of <see cref="StateSizes"/>, or null for zeros.</item>
/// <item><c>options</c>: what this call asks for besides (<see cref="ForwardOptions"/>: outputs only, a hidden-state probe).</item>
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

    /// <summary>The size of each tensor of the state, in order (<see cref="Cells.RecurrentCell.StateSizes"/>): <c>[H]</c>, or <c>[H, H]</c> for an LSTM.</summary>
    public abstract IReadOnlyList<int> StateSizes { get; }

    /// <summary>Leading size of the state tensors: layers × directions.</summary>
    public abstract int StateLayers { get; }

    /// <summary>Runs the layer with nothing asked besides (see the class remarks for shapes).</summary>
    public override RecurrentOutput forward(Tensor input, Tensor? lengths = null, RecurrentState? initialState = null) =>
        forward(input, lengths, initialState, ForwardOptions.Default);

    /// <summary>Runs the layer with per-call <paramref name="options"/>; checks its arguments first (see the class remarks for shapes).</summary>
    public RecurrentOutput forward(Tensor input, Tensor? lengths, RecurrentState? initialState, ForwardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard.Shape(input, nameof(input), -1, -1, InputSize);
        var (batch, time) = (input.shape[0], input.shape[1]);
        if (time == 0) throw new ArgumentException("input: expected at least one time step, got shape " + Guard.Describe(input.shape) + ".", nameof(input));
        Guard.Lengths(lengths, nameof(lengths), batch, time);
        if (initialState is not null) Guard.State(initialState, nameof(initialState), StateLayers, batch, StateSizes);
        if (options.HiddenProbe is not null) Guard.Shape(options.HiddenProbe, "options.HiddenProbe", batch, time, -1);
        return Run(input, lengths, initialState, options);
    }

    /// <summary>The layer's computation, called with checked arguments.</summary>
    protected abstract RecurrentOutput Run(Tensor input, Tensor? lengths, RecurrentState? initialState, ForwardOptions options);

    /// <summary>Splits a state along its leading (layer × direction) axis.</summary>
    internal static RecurrentState? Slice(RecurrentState? state, int start, int count) =>
        state?.Map(part => part.narrow(0, start, count));
}
