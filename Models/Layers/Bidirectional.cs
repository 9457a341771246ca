using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// Runs one layer forward in time and another over the time-reversed input, then merges their outputs
/// (Keras' <c>Bidirectional(layer, merge_mode)</c>). With lengths only the valid part of each sequence is
/// reversed, so the backward direction starts at each sequence's own last step, not in the padding.
/// State: <c>[2 * layers, batch, hidden]</c>, forward first (PyTorch's layout).
/// </summary>
public sealed class Bidirectional : SequenceLayer
{
    /// <summary>Combines <paramref name="forwardLayer"/> and <paramref name="backwardLayer"/> (same sizes).</summary>
    public Bidirectional(SequenceLayer forwardLayer, SequenceLayer backwardLayer, MergeMode mergeMode = MergeMode.Concat)
        : base(nameof(Bidirectional))
    {
        ArgumentNullException.ThrowIfNull(forwardLayer);
        ArgumentNullException.ThrowIfNull(backwardLayer);
        if (forwardLayer.InputSize != backwardLayer.InputSize || forwardLayer.HiddenSize != backwardLayer.HiddenSize
            || forwardLayer.OutputSize != backwardLayer.OutputSize || forwardLayer.StateLayers != backwardLayer.StateLayers
            || !forwardLayer.StateSizes.SequenceEqual(backwardLayer.StateSizes))
            throw new ArgumentException(
                $"backwardLayer: expected the forward layer's sizes (input {forwardLayer.InputSize}, hidden {forwardLayer.HiddenSize}, output {forwardLayer.OutputSize}), " +
                $"got input {backwardLayer.InputSize}, hidden {backwardLayer.HiddenSize}, output {backwardLayer.OutputSize}.", nameof(backwardLayer));
        forward_layer = forwardLayer;
        backward_layer = backwardLayer;
        MergeMode = mergeMode;
        RegisterComponents();
    }

#pragma warning disable IDE1006 // field names are the prefixes in state_dict
    private readonly SequenceLayer forward_layer;
    private readonly SequenceLayer backward_layer;
#pragma warning restore IDE1006

    /// <summary>The layer run forward in time.</summary>
    public SequenceLayer ForwardLayer => forward_layer;
    /// <summary>The layer run over the reversed sequences.</summary>
    public SequenceLayer BackwardLayer => backward_layer;
    /// <summary>How the two outputs are combined.</summary>
    public MergeMode MergeMode { get; }

    /// <inheritdoc />
    public override int InputSize => forward_layer.InputSize;
    /// <inheritdoc />
    public override int HiddenSize => forward_layer.HiddenSize;
    /// <inheritdoc />
    public override int OutputSize => MergeMode == MergeMode.Concat ? 2 * forward_layer.OutputSize : forward_layer.OutputSize;
    /// <inheritdoc />
    public override IReadOnlyList<int> StateSizes => forward_layer.StateSizes;
    /// <inheritdoc />
    public override int StateLayers => 2 * forward_layer.StateLayers;

    /// <inheritdoc />
    /// <remarks>
    /// Two reference layers whose cells can be grouped step in lockstep (<see cref="Lockstep"/>); two fused layers
    /// without lengths make one bidirectional libtorch call (<see cref="FusedLayer.RunBidirectional"/>), as a
    /// bidirectional <c>nn.GRU</c> does. Otherwise each direction runs on its own. The directions read only the valid
    /// steps, so they leave their padding unmasked and the merged output is masked once.
    /// </remarks>
    protected override RecurrentOutput Run(Tensor input, Tensor? lengths, RecurrentState? initialState, ForwardOptions options)
    {
        var n = forward_layer.StateLayers;
        var ends = SequenceEnds.Of(lengths, input.shape[1], input.device);
        if (ends is null) lengths = null; // every sequence full length: the plain paths
        if (lengths is null && options.HiddenProbe is null && forward_layer is FusedLayer ff && backward_layer is FusedLayer fb
            && FusedLayer.RunBidirectional(ff, fb, input, initialState) is { } fused)
        {
            if (MergeMode == MergeMode.Concat) return new RecurrentOutput(fused.Output, fused.State);
            var halves = fused.Output.chunk(2, 2);
            return Merge(halves[0], halves[1], fused.State, null, options);
        }

        var reversal = SequenceReversal.Indices(lengths, input.shape[1], input.device);
        if (options.HiddenProbe is null && forward_layer is RecurrentLayer rf && backward_layer is RecurrentLayer rb
            && Lockstep.Bidirectional(rf, rb, input, reversal, ends, initialState, options) is { } stepped)
        {
            var directions = stepped.Outputs.unbind(0);
            return Merge(directions[0], SequenceReversal.Reverse(directions[1], reversal), stepped.State, ends, options);
        }

        var (forwardOptions, backwardOptions) = (options with { UnmaskedPadding = true }, options with { UnmaskedPadding = true });
        if (options.HiddenProbe is { } probe)
        {
            // The backward layer steps through reversed time, so its half of the probe is reversed too.
            var halves = probe.chunk(2, 2);
            forwardOptions = forwardOptions with { HiddenProbe = halves[0] };
            backwardOptions = backwardOptions with { HiddenProbe = SequenceReversal.Reverse(halves[1], reversal) };
        }
        var fwd = forward_layer.forward(input, lengths, Slice(initialState, 0, n), forwardOptions);
        var bwd = backward_layer.forward(SequenceReversal.Reverse(input, reversal), lengths, Slice(initialState, n, n), backwardOptions);
        return Merge(fwd.Output, SequenceReversal.Reverse(bwd.Output, reversal), RecurrentState.Concat(new[] { fwd.State, bwd.State }), ends, options);
    }

    private RecurrentOutput Merge(Tensor forwardOutput, Tensor backwardOutput, RecurrentState state, SequenceEnds? ends, ForwardOptions options)
    {
        var output = MergeMode switch
        {
            MergeMode.Concat => cat(new[] { forwardOutput, backwardOutput }, 2),
            MergeMode.Sum => forwardOutput + backwardOutput,
            MergeMode.Mul => forwardOutput * backwardOutput,
            MergeMode.Average => (forwardOutput + backwardOutput) / 2,
            _ => throw new InvalidOperationException($"Unknown merge mode {MergeMode}."),
        };
        if (ends is not null && !options.UnmaskedPadding) output = ends.MaskPadding(output);
        return new RecurrentOutput(output, state);
    }
}
