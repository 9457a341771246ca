using RnnZoo.Models.Initialization;
using RnnZoo.Models.Layers;
using RnnZoo.Models.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Tasks;

/// <summary>
/// Sequence classifier: <c>[embedding] → recurrent network → pooling → dropout → linear</c>, logits <c>[batch, classes]</c>.
/// Seed 002's IMDB network is <c>Embedding(10000, 50) → LSTM(100) → LSTM(100) → Dense(2)</c> with last-step pooling.
/// </summary>
/// <remarks>
/// Inputs: token ids <c>[batch, time]</c> int64 (with a vocabulary) or features <c>[batch, time, features]</c> float32.
/// Lengths <c>[batch]</c> int64 CPU for post-padded batches, or null.
/// </remarks>
public sealed class SequenceClassifier : SequenceModel
{
    /// <summary>Builds the classifier <paramref name="spec"/> describes.</summary>
    public SequenceClassifier(SequenceClassifierSpec spec) : base(nameof(SequenceClassifier))
    {
        Spec = (spec ?? throw new ArgumentNullException(nameof(spec))).Validate();
        if (spec.VocabularySize is { } vocabulary)
            embedding = nn.Embedding(vocabulary, spec.EmbeddingSize, padding_idx: spec.PaddingIndex);
        encoder = Recurrent.Create(spec.Recurrent);
        dropout = nn.Dropout(spec.Dropout);
        head = nn.Linear(spec.Recurrent.OutputSize, spec.Classes);
        if (spec.Init == InitScheme.Keras)
        {
            if (embedding is not null) KerasInitializers.Apply(embedding);
            KerasInitializers.Apply(encoder);
            KerasInitializers.Apply(head);
        }
        if (embedding is not null)
        {
            // Keep the padding row at zero whatever the initialiser, as nn.Embedding's padding_idx promises.
            using var noGrad = no_grad();
            embedding.weight![spec.PaddingIndex].zero_();
        }
        RegisterComponents();
    }

#pragma warning disable IDE1006 // field names are the parameter prefixes in state_dict
    private readonly Embedding? embedding;
    private readonly RecurrentNetwork encoder;
    private readonly Dropout dropout;
    private readonly Linear head;
#pragma warning restore IDE1006

    /// <summary>What this model is.</summary>
    public SequenceClassifierSpec Spec { get; }

    /// <summary>The recurrent network.</summary>
    public RecurrentNetwork Encoder => encoder;

    /// <summary>Logits <c>[batch, classes]</c>.</summary>
    /// <remarks>The last-step and max poolings read only the valid steps, so the network may leave its padding unmasked.</remarks>
    public override Tensor forward(Tensor inputs, Tensor? lengths) =>
        Head(encoder.forward(Embed(inputs), lengths, null,
            new ForwardOptions(OutputsOnly: true, UnmaskedPadding: Spec.Pooling != Pooling.Mean)).Output, lengths);

    /// <inheritdoc />
    public override (Tensor Output, Tensor HiddenSequence) ForwardWithHiddenStates(Tensor inputs, Tensor? lengths)
    {
        var (result, probe) = encoder.ForwardWithHiddenProbe(Embed(inputs), lengths);
        return (Head(result.Output, lengths), probe);
    }

    private Tensor Embed(Tensor inputs)
    {
        if (embedding is null)
        {
            Guard.Shape(inputs, nameof(inputs), -1, -1, Spec.Recurrent.InputSize);
            return inputs;
        }
        Guard.Shape(inputs, nameof(inputs), -1, -1);
        if (inputs.dtype != ScalarType.Int64) throw new ArgumentException($"inputs: expected int64 token ids, got {inputs.dtype}.", nameof(inputs));
        return embedding.forward(inputs);
    }

    private Tensor Head(Tensor outputs, Tensor? lengths) =>
        head.forward(dropout.forward(SequencePooling.Pool(outputs, lengths, Spec.Recurrent.Directions, Spec.Pooling)));
}
