using RnnZoo.Models.Initialization;
using RnnZoo.Models.Networks;

namespace RnnZoo.Models.Tasks;

/// <summary>
/// A sequence classifier as data: optional embedding, recurrent network, pooling, dropout, linear head.
/// </summary>
/// <param name="Recurrent">The recurrent network; its InputSize must be EmbeddingSize (token input) or the feature count.</param>
/// <param name="Classes">Number of classes (logits out).</param>
/// <param name="VocabularySize">Token ids in [0, VocabularySize) when the input is token ids; null for float feature input.</param>
/// <param name="EmbeddingSize">Embedding width (token input only).</param>
/// <param name="PaddingIndex">The padding token id, whose embedding is zero and gets no gradient (Keras: 0).</param>
/// <param name="Pooling">How the outputs are pooled over time.</param>
/// <param name="Dropout">Dropout before the head, while training.</param>
/// <param name="Init">Default initialisers of which library.</param>
public sealed record SequenceClassifierSpec(
    RecurrentSpec Recurrent,
    int Classes,
    int? VocabularySize = null,
    int EmbeddingSize = 0,
    int PaddingIndex = 0,
    Pooling Pooling = Pooling.Last,
    double Dropout = 0,
    InitScheme Init = InitScheme.PyTorch)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public SequenceClassifierSpec Validate()
    {
        ArgumentNullException.ThrowIfNull(Recurrent, nameof(Recurrent));
        Recurrent.Validate();
        Guard.Positive(Classes, nameof(Classes));
        Guard.Probability(Dropout, nameof(Dropout));
        if (VocabularySize is { } vocabulary)
        {
            Guard.Positive(vocabulary, nameof(VocabularySize));
            Guard.Positive(EmbeddingSize, nameof(EmbeddingSize));
            if (PaddingIndex < 0 || PaddingIndex >= vocabulary)
                throw new ArgumentOutOfRangeException(nameof(PaddingIndex), PaddingIndex, $"PaddingIndex must be in [0, {vocabulary}), got {PaddingIndex}.");
            if (Recurrent.InputSize != EmbeddingSize)
                throw new ArgumentException($"Recurrent.InputSize: expected {EmbeddingSize} (the EmbeddingSize), got {Recurrent.InputSize}.", nameof(Recurrent));
        }
        return this;
    }
}
