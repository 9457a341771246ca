namespace RnnZoo.Data.Imdb;

/// <summary>One split as id sequences, Keras-style.</summary>
/// <param name="Sequences">Word ids of each review (start id first when StartChar is set).</param>
/// <param name="Labels">1 positive, 0 negative.</param>
/// <param name="Ratings">Star ratings.</param>
public sealed record ImdbSplitData(int[][] Sequences, long[] Labels, int[] Ratings)
{
    /// <summary>Number of reviews.</summary>
    public int Count => Labels.Length;

    /// <summary>Rows <paramref name="start"/>..start+count.</summary>
    public ImdbSplitData Slice(int start, int count) =>
        new(Sequences[start..(start + count)], Labels[start..(start + count)], Ratings[start..(start + count)]);

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public ImdbSplitData Select(IReadOnlyList<int> indices) =>
        new(indices.Select(i => Sequences[i]).ToArray(), indices.Select(i => Labels[i]).ToArray(), indices.Select(i => Ratings[i]).ToArray());
}

/// <summary>The IMDB data set as Keras' <c>imdb.load_data</c> gives it, plus the vocabulary.</summary>
/// <param name="Train">Training split.</param>
/// <param name="Test">Test split.</param>
/// <param name="Words">Vocabulary of the training split by frequency rank: <c>Words[r - 1]</c> has rank r, id r + IndexFrom.</param>
/// <param name="Options">The options used.</param>
public sealed record ImdbData(ImdbSplitData Train, ImdbSplitData Test, string[] Words, ImdbOptions Options)
{
    /// <summary>Number of distinct ids in use: min(NumWords, Words + IndexFrom + 1).</summary>
    public int VocabularySize => Options.NumWords is { } n ? Math.Min(n, Words.Length + Options.IndexFrom + 1) : Words.Length + Options.IndexFrom + 1;

    /// <summary>Id → word for reading sequences back (reserved ids as &lt;pad&gt;, &lt;start&gt;, &lt;oov&gt;).</summary>
    public string Decode(IEnumerable<int> ids) => string.Join(' ', ids.Select(id =>
        id == 0 ? "<pad>" : id == Options.StartChar ? "<start>" : id == Options.OovChar ? "<oov>"
        : id - Options.IndexFrom - 1 is var r && r >= 0 && r < Words.Length ? Words[r] : "<?>"));

    /// <summary>
    /// Keras' <c>validation_split</c>: the last <paramref name="fraction"/> of the training split (before any
    /// shuffling) becomes validation; or, with <paramref name="shuffleSeed"/>, a seeded random subset.
    /// </summary>
    public (ImdbSplitData Train, ImdbSplitData Validation) SplitValidation(double fraction, int? shuffleSeed = null)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"fraction must be in (0, 1), got {fraction}.");
        // Keras: split_at = int(len(x) * (1 - validation_split)).
        var splitAt = (int)(Train.Count * (1 - fraction));
        if (shuffleSeed is null) return (Train.Slice(0, splitAt), Train.Slice(splitAt, Train.Count - splitAt));
        var order = Enumerable.Range(0, Train.Count).ToArray();
        new Random(shuffleSeed.Value).Shuffle(order);
        return (Train.Select(order[..splitAt]), Train.Select(order[splitAt..]));
    }
}
