using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// What one call of a sequence layer may ask for besides its input, lengths and initial state (as Keras passes
/// mask, state and training to <c>call</c>). Passed down by the wrappers (<see cref="Bidirectional"/>,
/// <see cref="StackedRecurrent"/>, the networks) to the layers they hold, never stored on a layer: layers stay
/// re-entrant and a call shows everything that changes it.
/// </summary>
/// <param name="OutputsOnly">The caller reads only the outputs: a layer may skip work needed only for the final
/// state (a fused LSTM's exact final cell state with varying lengths costs one fused call per distinct length),
/// and the state it returns is then incomplete (an LSTM's cell state is missing).</param>
/// <param name="HiddenProbe">Diagnostics: a tensor <c>[batch, time, HiddenSize × directions of the top layer]</c>
/// (zeros that require grad) added to the top layer's hidden state at every step, inside the recurrence. The
/// gradient of a loss with respect to it is dL/dh_t, the total derivative through the later steps: the quantity
/// that vanishes or explodes. Only reference layers (a cell unrolled by <see cref="RecurrentLayer"/>) take one;
/// a fused kernel keeps its steps inside libtorch.</param>
/// <param name="UnmaskedPadding">The caller reads no output past a sequence's length (it pools the last valid
/// step or masks the padding itself): with lengths, a layer may leave anything there instead of zeros and skip the
/// mask. The wrappers ask it of every layer below the top, which reads only the valid steps of the layer below
/// (post-padding: a valid step depends only on earlier steps).</param>
public sealed record ForwardOptions(bool OutputsOnly = false, Tensor? HiddenProbe = null, bool UnmaskedPadding = false)
{
    /// <summary>Nothing asked for: outputs and complete final state.</summary>
    public static ForwardOptions Default { get; } = new();

    /// <summary>Outputs only (see <see cref="OutputsOnly"/>).</summary>
    public static ForwardOptions Outputs { get; } = new(OutputsOnly: true);
}
