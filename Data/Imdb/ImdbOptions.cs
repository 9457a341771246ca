namespace RnnZoo.Data.Imdb;

/// <summary>How HTML line breaks (<c>&lt;br /&gt;</c>) in the review text are tokenised.</summary>
public enum HtmlBreakHandling
{
    /// <summary>Removed before tokenising (default). Ranks start: the, and, a, of, to, is, in, it, i, this.</summary>
    Strip,
    /// <summary>Kept as the word <c>br</c>, like the text Keras' bundled word index was built from (<c>br</c> ranks 7th).</summary>
    KeepAsBrToken,
}

/// <summary>
/// Options of <see cref="ImdbDataset.Load"/>, named after <c>keras.datasets.imdb.load_data</c>.
/// Ids in the sequences: 0 padding, <see cref="StartChar"/> (1) start, <see cref="OovChar"/> (2) out of
/// vocabulary, word of frequency rank r (1-based, training split only) has id <c>r + IndexFrom</c>.
/// </summary>
/// <param name="NumWords">Keep ids below this (Keras: "kept when skip_top &lt;= id &lt; num_words", so it counts the reserved ids); null keeps all ids (Keras then uses the largest id as num_words, which makes that one rarest word out of vocabulary: a quirk not copied).</param>
/// <param name="SkipTop">Ids below this become <see cref="OovChar"/> (this includes the start id when SkipTop &gt; StartChar, as in Keras).</param>
/// <param name="DropIfLengthAtLeast">Keras' <c>load_data(maxlen=..)</c>: drops every sequence whose length, start id included, is &gt;= this. Null keeps all. To truncate instead, use <see cref="ImdbSplit.Pad"/>.</param>
/// <param name="ShuffleSeed">Seed of the shuffle applied to each split after reading (Keras uses 113; train with the seed, test with twice the seed). System.Random, so the order is deterministic but not numpy's. Null keeps the file order (neg then pos, by id).</param>
/// <param name="StartChar">Id put at the start of every sequence; null puts none.</param>
/// <param name="OovChar">Id that replaces out-of-vocabulary words; null removes such words instead (Keras' behaviour for oov_char=None).</param>
/// <param name="IndexFrom">Offset added to word ranks (Keras: 3).</param>
/// <param name="HtmlBreaks">Tokenisation of <c>&lt;br /&gt;</c>.</param>
/// <param name="SkipInvalid">False (default): a review file that is not valid (misnamed, a rating contradicting its folder, not UTF-8
/// text, binary, empty; see <see cref="AclImdbReader.Read"/>) is an error naming the files. True: such files are left out and
/// listed in <see cref="ImdbDataset.Skipped"/> (the command line's <c>--skip-invalid</c>).</param>
public sealed record ImdbOptions(
    int? NumWords = null,
    int SkipTop = 0,
    int? DropIfLengthAtLeast = null,
    int? ShuffleSeed = 113,
    int? StartChar = 1,
    int? OovChar = 2,
    int IndexFrom = 3,
    HtmlBreakHandling HtmlBreaks = HtmlBreakHandling.Strip,
    bool SkipInvalid = false)
{
    /// <summary>The id conventions of these options, for a <see cref="Text.TextEncoder"/>.</summary>
    public Text.TextEncoding Encoding => new(NumWords, SkipTop, StartChar, OovChar, IndexFrom, HtmlBreaks == HtmlBreakHandling.Strip);

    /// <summary>Refuses inconsistent options with the reason.</summary>
    public void Validate()
    {
        if (NumWords is <= 0) throw new ArgumentOutOfRangeException(nameof(NumWords), NumWords, "num_words must be positive (it counts the reserved ids too, so it should exceed index_from).");
        if (SkipTop < 0) throw new ArgumentOutOfRangeException(nameof(SkipTop), SkipTop, "skip_top must be >= 0.");
        if (NumWords is { } n && SkipTop >= n) throw new ArgumentOutOfRangeException(nameof(SkipTop), SkipTop, $"skip_top ({SkipTop}) must be below num_words ({n}), or every word is out of vocabulary.");
        if (DropIfLengthAtLeast is <= 1) throw new ArgumentOutOfRangeException(nameof(DropIfLengthAtLeast), DropIfLengthAtLeast, "maxlen must be at least 2: every sequence at least as long is dropped.");
        if (IndexFrom < 0) throw new ArgumentOutOfRangeException(nameof(IndexFrom), IndexFrom, "index_from must be >= 0.");
        if (StartChar is < 0 || OovChar is < 0) throw new ArgumentOutOfRangeException(nameof(StartChar), "start_char and oov_char must be >= 0.");
    }
}
