using RnnZoo.Data.Sequences;

namespace RnnZoo.Data.Imdb;

/// <summary>
/// One split of the IMDB dataset as Keras returns it: variable-length id sequences with labels, plus the
/// star ratings and review ids kept from the file names.
/// </summary>
public sealed class ImdbSplit
{
    /// <summary>Creates a split; all arrays must have the same length.</summary>
    public ImdbSplit(string name, int[][] sequences, int[] labels, int[] ratings, int[] reviewIds)
    {
        if (labels.Length != sequences.Length || ratings.Length != sequences.Length || reviewIds.Length != sequences.Length)
            throw new ArgumentException($"Split '{name}': {sequences.Length} sequences but {labels.Length} labels, {ratings.Length} ratings, {reviewIds.Length} ids.");
        Name = name; Sequences = sequences; Labels = labels; Ratings = ratings; ReviewIds = reviewIds;
    }

    /// <summary>"train", "validation" or "test".</summary>
    public string Name { get; }
    /// <summary>Token ids per review (Keras conventions, see <see cref="ImdbOptions"/>).</summary>
    public int[][] Sequences { get; }
    /// <summary>0 negative, 1 positive.</summary>
    public int[] Labels { get; }
    /// <summary>Star rating from the file name (1-4, 7-10).</summary>
    public int[] Ratings { get; }
    /// <summary>Review id from the file name (unique within split and label).</summary>
    public int[] ReviewIds { get; }
    /// <summary>Number of reviews.</summary>
    public int Count => Sequences.Length;

    /// <summary>Keras' <c>pad_sequences</c> over this split (defaults: pre-padding and pre-truncating, as Keras).
    /// Returns ids <c>[Count, maxlen]</c> int64, lengths <c>[Count]</c> int64 and labels <c>[Count]</c> int64.</summary>
    public PaddedSequences Pad(int? maxlen, PaddingSide padding = PaddingSide.Pre, PaddingSide truncating = PaddingSide.Pre, long value = 0)
        => PadSequences.Pad(Sequences, maxlen, padding, truncating, value, Labels);

    /// <summary>Keras' <c>validation_split</c>: the last <paramref name="fraction"/> of this split (in its current order) becomes
    /// validation, the rest training. Keras computes the split index as <c>int(n * (1 - fraction))</c>.</summary>
    public (ImdbSplit Train, ImdbSplit Validation) SplitLast(double fraction)
    {
        CheckFraction(fraction);
        int cut = (int)(Count * (1.0 - fraction));
        var first = Enumerable.Range(0, cut).ToArray();
        var last = Enumerable.Range(cut, Count - cut).ToArray();
        return (Take("train", first), Take("validation", last));
    }

    /// <summary>Seeded shuffle (System.Random(<paramref name="seed"/>), Fisher-Yates), then the last fraction is validation.</summary>
    public (ImdbSplit Train, ImdbSplit Validation) SplitShuffled(double fraction, int seed)
    {
        CheckFraction(fraction);
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        int cut = (int)(Count * (1.0 - fraction));
        return (Take("train", order[..cut]), Take("validation", order[cut..]));
    }

    /// <summary>A new split holding the reviews at <paramref name="indices"/>, in that order.</summary>
    public ImdbSplit Take(string name, int[] indices) => new(name,
        indices.Select(i => Sequences[i]).ToArray(), indices.Select(i => Labels[i]).ToArray(),
        indices.Select(i => Ratings[i]).ToArray(), indices.Select(i => ReviewIds[i]).ToArray());

    private void CheckFraction(double fraction)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The validation fraction must lie strictly between 0 and 1.");
        int cut = (int)(Count * (1.0 - fraction));
        if (cut == 0 || cut == Count)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"A fraction of {fraction} of {Count} reviews leaves one side empty.");
    }
}
