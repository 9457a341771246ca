namespace RnnZoo.Data.Imdb;

/// <summary>What <see cref="ImdbOptions.MaxLen"/> does to a longer review.</summary>
public enum MaxLenMode
{
    /// <summary>Keep its last MaxLen ids (Keras' <c>pad_sequences(maxlen)</c> with truncating='pre'; what seed 002 does).</summary>
    TruncatePre,
    /// <summary>Keep its first MaxLen ids (truncating='post').</summary>
    TruncatePost,
    /// <summary>Drop it when its length (start id included) is at least MaxLen: Keras' <c>imdb.load_data(maxlen)</c>.</summary>
    Drop,
}

/// <summary>
/// Options of <see cref="ImdbDataset.Load"/>, with the defaults of Keras' <c>imdb.load_data</c>: id 0 is padding,
/// 1 the start of a review, 2 out-of-vocabulary, and the word of frequency rank r gets id r + IndexFrom.
/// </summary>
/// <param name="NumWords">Keep ids below this (reserved ids count); others become OovChar. Null keeps all.</param>
/// <param name="SkipTop">Ids below this become OovChar (skips the most frequent words).</param>
/// <param name="MaxLen">Length cap, see <paramref name="MaxLenMode"/>; null for none.</param>
/// <param name="MaxLenMode">Truncate (pad_sequences) or drop (load_data) longer reviews.</param>
/// <param name="StartChar">Id put at the start of every review (null for none).</param>
/// <param name="OovChar">Id of words outside [SkipTop, NumWords).</param>
/// <param name="IndexFrom">Offset of the frequency ranks (rank 1 = most frequent).</param>
/// <param name="KeepLineBreaks">False (default): <c>&lt;br /&gt;</c> is removed. True: kept as the token "br", as in Keras' bundled index.</param>
public sealed record ImdbOptions(
    int? NumWords = null,
    int SkipTop = 0,
    int? MaxLen = null,
    MaxLenMode MaxLenMode = MaxLenMode.TruncatePre,
    int? StartChar = 1,
    int OovChar = 2,
    int IndexFrom = 3,
    bool KeepLineBreaks = false)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public ImdbOptions Validate()
    {
        if (NumWords is <= 0) throw new ArgumentOutOfRangeException(nameof(NumWords), NumWords, $"NumWords must be positive, got {NumWords}.");
        if (SkipTop < 0) throw new ArgumentOutOfRangeException(nameof(SkipTop), SkipTop, $"SkipTop must be zero or positive, got {SkipTop}.");
        if (MaxLen is <= 0) throw new ArgumentOutOfRangeException(nameof(MaxLen), MaxLen, $"MaxLen must be positive, got {MaxLen}.");
        if (IndexFrom < 0) throw new ArgumentOutOfRangeException(nameof(IndexFrom), IndexFrom, $"IndexFrom must be zero or positive, got {IndexFrom}.");
        if (NumWords is { } n && n <= IndexFrom)
            throw new ArgumentOutOfRangeException(nameof(NumWords), NumWords, $"NumWords ({n}) must exceed IndexFrom ({IndexFrom}), or no word is kept.");
        return this;
    }
}
