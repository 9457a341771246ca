using System.Diagnostics;
using RnnZoo.Data.Text;

namespace RnnZoo.Data.Imdb;

/// <summary>
/// The IMDB sentiment dataset as <c>keras.datasets.imdb.load_data</c> gives it, read from the official
/// aclImdb layout (directory or <c>.tar.gz</c>) and tokenised here (see <see cref="KerasTokenizer"/>).
/// </summary>
/// <example>
/// <code>
/// var imdb = ImdbDataset.Load("../shared/data", new ImdbOptions(NumWords: 10_000));
/// var (train, val) = imdb.Train.SplitLast(0.2);               // Keras' validation_split
/// using var scope = torch.NewDisposeScope();
/// var padded = train.Pad(500, PaddingSide.Post);               // Ids [20000, 500], Lengths [20000]
/// </code>
/// </example>
public sealed class ImdbDataset
{
    private ImdbDataset(ImdbOptions options, Vocabulary vocabulary, ImdbSplit train, ImdbSplit test, string source, bool fromCache, TimeSpan loadTime,
        TextEncoding encoding, IReadOnlyList<InvalidReviewFile> skipped)
    {
        Options = options; Vocabulary = vocabulary; Train = train; Test = test; Source = source; FromCache = fromCache; LoadTime = loadTime;
        _encoding = encoding; Skipped = skipped;
    }

    private readonly TextEncoding _encoding;

    /// <summary>Options the sequences were made with.</summary>
    public ImdbOptions Options { get; }
    /// <summary>Words of the training split ranked by frequency (Keras' <c>word_index</c>; id = rank + IndexFrom).</summary>
    public Vocabulary Vocabulary { get; }
    /// <summary>The official training split (25,000 reviews in the full dataset), shuffled by <see cref="ImdbOptions.ShuffleSeed"/>.</summary>
    public ImdbSplit Train { get; }
    /// <summary>The official test split.</summary>
    public ImdbSplit Test { get; }
    /// <summary>The directory or archive the reviews were read from.</summary>
    public string Source { get; }
    /// <summary>Whether the tokenised reviews came from the cache.</summary>
    public bool FromCache { get; }
    /// <summary>The invalid review files left out (only with <see cref="ImdbOptions.SkipInvalid"/>; else they are an error).</summary>
    public IReadOnlyList<InvalidReviewFile> Skipped { get; }
    /// <summary>Wall time of <see cref="Load"/>.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Largest id + 1 that can occur: the size an embedding table needs.</summary>
    public int IdCount => Encoder.IdCount;

    /// <summary>
    /// Reads, tokenises and encodes the dataset at <paramref name="path"/> (see <see cref="AclImdbReader.Locate"/>).
    /// </summary>
    /// <param name="path">aclImdb directory, archive, or a folder holding one.</param>
    /// <param name="options">Keras-style options; null for Keras' defaults with all words.</param>
    /// <param name="cacheDirectory">Folder of the token cache; null resolves it with <see cref="DataDirectories.ResolveCacheRoot"/>.</param>
    /// <param name="useCache">False reads and tokenises the source every time and writes no cache.</param>
    /// <param name="encoder">A saved encoder (a trained model's <c>vocabulary.json</c>) to encode with instead of this data's
    /// own training vocabulary: its ranks and id conventions replace those of <paramref name="options"/>.</param>
    /// <exception cref="InvalidReviewFilesException">Without <see cref="ImdbOptions.SkipInvalid"/>, the source holds invalid review
    /// files (see <see cref="AclImdbReader.Read"/>); a cache made with SkipInvalid does not hide them either.</exception>
    /// <exception cref="InvalidDataException">The archive is truncated or corrupt, or a split or label has no valid review.</exception>
    public static ImdbDataset Load(string path, ImdbOptions? options = null, string? cacheDirectory = null, bool useCache = true, TextEncoder? encoder = null)
    {
        options ??= new ImdbOptions();
        options.Validate();
        var clock = Stopwatch.StartNew();
        var source = AclImdbReader.Locate(path);
        TokenizedImdb? tokens = null;
        string? cacheFile = null;
        if (encoder is not null)
            // Ranked by the saved vocabulary: the cache holds this data's own ranks (test-only words lost), so the source is read.
        {
            var read = AclImdbReader.Read(source, options.SkipInvalid);
            var breaks = encoder.Encoding.StripHtmlBreaks ? HtmlBreakHandling.Strip : HtmlBreakHandling.KeepAsBrToken;
            tokens = TokenizedImdb.FromReviews(read.Reviews, breaks, read.Skipped, encoder.Vocabulary);
        }
        else if (useCache)
        {
            cacheFile = Path.Combine(DataDirectories.ResolveCacheRoot(cacheDirectory), "imdb",
                $"tokens-{TokenizedImdb.CacheKey(source, options.HtmlBreaks)}.bin");
            if (File.Exists(cacheFile))
            {
                try { tokens = TokenizedImdb.Load(cacheFile); }
                catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
                {
                    tokens = null; // a damaged cache is rebuilt from the source, never used in part
                }
            }
        }
        // A cache made while skipping invalid files serves a strict load only by refusing it, as reading would.
        if (tokens is { Skipped.Count: > 0 } && !options.SkipInvalid) throw new InvalidReviewFilesException(source, tokens.Skipped);
        bool fromCache = tokens is not null && encoder is null;
        if (tokens is null)
        {
            var read = AclImdbReader.Read(source, options.SkipInvalid);
            tokens = TokenizedImdb.FromReviews(read.Reviews, options.HtmlBreaks, read.Skipped);
            if (cacheFile is not null) tokens.Save(cacheFile);
        }
        var (train, test) = Encode(tokens, options, encoder);
        return new ImdbDataset(options, encoder?.Vocabulary ?? tokens.Vocabulary, train, test, source, fromCache, clock.Elapsed,
            encoder?.Encoding ?? options.Encoding, tokens.Skipped);
    }

    // Keras' load_data, step by step: shuffle each split, prepend the start id and shift ranks by index_from,
    // drop long sequences, then map ids outside [skip_top, num_words) to oov_char (or remove them).
    // With a saved encoder the ranks are already those of its vocabulary (the training data it was built from), and its
    // id conventions apply: a model then reads these reviews with the ids it was trained on.
    private static (ImdbSplit Train, ImdbSplit Test) Encode(TokenizedImdb tokens, ImdbOptions o, TextEncoder? saved)
    {
        var encoder = saved ?? new TextEncoder(tokens.Vocabulary, o.Encoding);
        int[] EncodeOne(int[] ranks) => encoder.EncodeRanks(ranks);
        ImdbSplit Make(ImdbSplitName which, string name, int? seed)
        {
            var idx = Enumerable.Range(0, tokens.Ranks.Length).Where(i => tokens.Splits[i] == which).ToArray();
            if (seed is { } s) new Random(s).Shuffle(idx);
            var keep = new List<int>(idx.Length);
            var seqs = new List<int[]>(idx.Length);
            foreach (int i in idx)
            {
                var seq = EncodeOne(tokens.Ranks[i]);
                if (o.DropIfLengthAtLeast is { } maxlen && seq.Length >= maxlen) continue;
                keep.Add(i); seqs.Add(seq);
            }
            return new ImdbSplit(name, seqs.ToArray(), keep.Select(i => tokens.Labels[i]).ToArray(),
                keep.Select(i => tokens.Ratings[i]).ToArray(), keep.Select(i => tokens.Ids[i]).ToArray());
        }
        return (Make(ImdbSplitName.Train, "train", o.ShuffleSeed), Make(ImdbSplitName.Test, "test", o.ShuffleSeed * 2));
    }

    /// <summary>
    /// The encoder of this dataset: the training split's vocabulary and the options' id conventions. It encodes new text
    /// exactly as the reviews were, and saved beside a model (<see cref="TextEncoder.Save"/>) it needs no data to do so.
    /// </summary>
    public TextEncoder Encoder => new(Vocabulary, _encoding);

}
