using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// Layers applied one after the other, each over the previous one's outputs, with dropout on the outputs
/// of every layer but the last while training (PyTorch's <c>dropout</c> argument of <c>nn.LSTM</c>).
/// State: the layers' states concatenated, <c>[sum of StateLayers, batch, hidden]</c>.
/// </summary>
public sealed class StackedRecurrent : SequenceLayer
{
    /// <summary>Stacks <paramref name="layers"/>; each layer's input size must be the previous one's output size.</summary>
    public StackedRecurrent(IReadOnlyList<SequenceLayer> layers, double dropout = 0) : base(nameof(StackedRecurrent))
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0) throw new ArgumentException("layers: expected at least one layer, got none.", nameof(layers));
        Guard.Probability(dropout, nameof(dropout));
        for (var i = 1; i < layers.Count; i++)
        {
            if (layers[i].InputSize != layers[i - 1].OutputSize)
                throw new ArgumentException($"layers[{i}]: expected input size {layers[i - 1].OutputSize} (the output of layers[{i - 1}]), got {layers[i].InputSize}.", nameof(layers));
            if (layers[i].HiddenSize != layers[0].HiddenSize || !layers[i].StateSizes.SequenceEqual(layers[0].StateSizes))
                throw new ArgumentException(
                    $"layers[{i}]: expected hidden size {layers[0].HiddenSize} and state sizes [{string.Join(", ", layers[0].StateSizes)}] like layers[0] (one state tensor per part for the stack), " +
                    $"got {layers[i].HiddenSize} and [{string.Join(", ", layers[i].StateSizes)}].", nameof(layers));
        }
        this.layers = new ModuleList<SequenceLayer>(layers.ToArray());
        Dropout = dropout;
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

#pragma warning disable IDE1006 // field names are the prefixes in state_dict
    private readonly ModuleList<SequenceLayer> layers;
    private readonly Dropout dropout;
#pragma warning restore IDE1006

    /// <summary>The stacked layers, bottom first.</summary>
    public IReadOnlyList<SequenceLayer> Layers => layers.ToList();

    /// <summary>Dropout probability between layers.</summary>
    public double Dropout { get; }

    /// <inheritdoc />
    public override int InputSize => layers[0].InputSize;
    /// <inheritdoc />
    public override int HiddenSize => layers[0].HiddenSize;
    /// <inheritdoc />
    public override int OutputSize => layers[^1].OutputSize;
    /// <inheritdoc />
    public override IReadOnlyList<int> StateSizes => layers[0].StateSizes;
    /// <inheritdoc />
    public override int StateLayers => layers.Sum(l => l.StateLayers);

    /// <inheritdoc />
    /// <remarks>
    /// Unidirectional reference layers whose cells can be grouped step as a wavefront (<see cref="Lockstep"/>). Layers
    /// below the top read only the valid steps of the layer below, so they leave their padding unmasked.
    /// </remarks>
    protected override RecurrentOutput Run(Tensor input, Tensor? lengths, RecurrentState? initialState, ForwardOptions options)
    {
        if (options.HiddenProbe is null && layers.Count > 1 && layers.All(l => l is RecurrentLayer)
            && Lockstep.Stack(layers.Cast<RecurrentLayer>().ToArray(), input, lengths, initialState, options, Between) is { } stepped)
            return stepped;

        var states = new List<RecurrentState>(layers.Count);
        var x = input;
        var offset = 0;
        // The probe watches the top layer's hidden state; the layers below run without one.
        var below = options with { HiddenProbe = null, UnmaskedPadding = true };
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            var result = layer.forward(x, lengths, Slice(initialState, offset, layer.StateLayers), i == layers.Count - 1 ? options : below);
            offset += layer.StateLayers;
            states.Add(result.State);
            x = i < layers.Count - 1 ? Between(result.Output) : result.Output;
        }
        return new RecurrentOutput(x, RecurrentState.Concat(states));
    }

    // What the next layer reads of a layer's outputs: dropout while training.
    private Tensor Between(Tensor output) => Dropout > 0 ? dropout.forward(output) : output;
}
