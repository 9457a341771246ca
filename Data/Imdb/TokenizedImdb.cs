using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using RnnZoo.Data.Text;

namespace RnnZoo.Data.Imdb;

/// <summary>
/// The reviews tokenised once: a vocabulary ranked on the training split and each review as 1-based word
/// ranks (0 for a word the training split never uses). Independent of <c>num_words</c>, <c>skip_top</c>,
/// <c>maxlen</c> and the shuffle, which are cheap to apply afterwards, so it is what the cache stores.
/// </summary>
internal sealed class TokenizedImdb
{
    // Version 2: reviews are checked (invalid files refused or skipped, never read as text) and the skipped files are stored.
    // The version is part of the cache key, so a cache of version 1 (made before the checks) is never used.
    private const string Magic = "RNNZOO-IMDB-TOKENS-2";

    public required Vocabulary Vocabulary { get; init; }
    public required ImdbSplitName[] Splits { get; init; }
    public required int[] Labels { get; init; }
    public required int[] Ids { get; init; }
    public required int[] Ratings { get; init; }
    public required int[][] Ranks { get; init; }
    /// <summary>The invalid files left out when these reviews were read (ImdbOptions.SkipInvalid).</summary>
    public required IReadOnlyList<InvalidReviewFile> Skipped { get; init; }

    /// <summary>Tokenises the reviews and ranks their words: by the training split's own frequencies, or by <paramref name="vocabulary"/> when given.</summary>
    public static TokenizedImdb FromReviews(IReadOnlyList<ImdbReview> reviews, HtmlBreakHandling breaks, IReadOnlyList<InvalidReviewFile>? skipped = null,
        Vocabulary? vocabulary = null)
    {
        var tokenizer = new KerasTokenizer(breaks == HtmlBreakHandling.Strip);
        vocabulary ??= CountTrainingWords(reviews, tokenizer);

        // Pass 2: every review to ranks. Tokenising twice costs less memory than keeping 11 million strings.
        var ranks = new int[reviews.Count][];
        Parallel.For(0, reviews.Count, i =>
        {
            var words = tokenizer.Tokenize(reviews[i].Text);
            var r = new int[words.Count];
            for (int k = 0; k < r.Length; k++) r[k] = vocabulary.RankOf(words[k]);
            ranks[i] = r;
        });
        return new TokenizedImdb
        {
            Vocabulary = vocabulary,
            Splits = reviews.Select(r => r.Split).ToArray(),
            Labels = reviews.Select(r => r.Label).ToArray(),
            Ids = reviews.Select(r => r.Id).ToArray(),
            Ratings = reviews.Select(r => r.Rating).ToArray(),
            Ranks = ranks,
            Skipped = skipped ?? [],
        };
    }

    private static Vocabulary CountTrainingWords(IReadOnlyList<ImdbReview> reviews, KerasTokenizer tokenizer)
    {
        // Pass 1: count the training split's words (per-thread counters, merged), so the vocabulary
        // never sees the test split.
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        var gate = new object();
        Parallel.For(0, reviews.Count,
            () => new Dictionary<string, long>(StringComparer.Ordinal),
            (i, _, local) =>
            {
                if (reviews[i].Split != ImdbSplitName.Train) return local;
                foreach (var w in tokenizer.Tokenize(reviews[i].Text)) local[w] = local.GetValueOrDefault(w) + 1;
                return local;
            },
            local => { lock (gate) foreach (var (w, c) in local) total[w] = total.GetValueOrDefault(w) + c; });
        var ordered = total.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        return new Vocabulary(ordered.Select(kv => kv.Key).ToArray(), ordered.Select(kv => kv.Value).ToArray());
    }

    /// <summary>Cache key: the cache format's version (so caches made by an older reader, without today's checks, are not
    /// used), the tokenisation rule, and the source's identity: for an archive its full path, size, modification time and
    /// SHA-256 (28-84 MB hashed in a fraction of a second); for a directory the relative path, size and modification time of
    /// every file of its review folders, so adding, removing, renaming or rewriting a review changes the key (a file
    /// rewritten to the same size with its old modification time put back is the one change not seen).</summary>
    public static string CacheKey(string source, HtmlBreakHandling breaks)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add(Magic); Add(source); Add(breaks.ToString());
        if (File.Exists(source))
        {
            var info = new FileInfo(source);
            Add($"{info.Length}|{info.LastWriteTimeUtc.Ticks}");
            using var stream = File.OpenRead(source);
            Add(Convert.ToHexString(SHA256.HashData(stream)));
        }
        else
        {
            foreach (var folder in new[] { "train/neg", "train/pos", "test/neg", "test/pos" })
            {
                var dir = new DirectoryInfo(Path.Combine(source, folder));
                if (!dir.Exists) { Add(folder + " missing"); continue; }
                foreach (var f in dir.EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
                    Add($"{folder}/{f.Name}|{f.Length}|{f.LastWriteTimeUtc.Ticks}");
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..20].ToLowerInvariant();
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + "." + Environment.ProcessId + ".tmp";
        using (var stream = File.Create(tmp))
        using (var w = new BinaryWriter(stream, Encoding.UTF8))
        {
            w.Write(Magic);
            w.Write(Vocabulary.Count);
            for (int i = 0; i < Vocabulary.Count; i++) { w.Write(Vocabulary.Words[i]); w.Write(Vocabulary.Counts[i]); }
            w.Write(Ranks.Length);
            for (int i = 0; i < Ranks.Length; i++)
            {
                w.Write((byte)Splits[i]); w.Write((byte)Labels[i]); w.Write(Ids[i]); w.Write(Ratings[i]);
                w.Write(Ranks[i].Length);
                w.Write(MemoryMarshal.AsBytes(Ranks[i].AsSpan()));
            }
            w.Write(Skipped.Count);
            foreach (var f in Skipped) { w.Write(f.Path); w.Write(f.Problem); }
        }
        // Renamed only when complete, so a crash never leaves a cache that loads as partial data.
        File.Move(tmp, path, overwrite: true);
    }

    public static TokenizedImdb Load(string path)
    {
        using var stream = new BufferedStream(File.OpenRead(path), 1 << 20);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        if (r.ReadString() != Magic) throw new InvalidDataException($"'{path}' is not an RnnZoo IMDB token cache.");
        int vocabCount = r.ReadInt32();
        var words = new string[vocabCount];
        var counts = new long[vocabCount];
        for (int i = 0; i < vocabCount; i++) { words[i] = r.ReadString(); counts[i] = r.ReadInt64(); }
        int n = r.ReadInt32();
        var splits = new ImdbSplitName[n]; var labels = new int[n]; var ids = new int[n]; var ratings = new int[n]; var ranks = new int[n][];
        for (int i = 0; i < n; i++)
        {
            splits[i] = (ImdbSplitName)r.ReadByte(); labels[i] = r.ReadByte(); ids[i] = r.ReadInt32(); ratings[i] = r.ReadInt32();
            var seq = new int[r.ReadInt32()];
            stream.ReadExactly(MemoryMarshal.AsBytes(seq.AsSpan()));
            ranks[i] = seq;
        }
        var skipped = new InvalidReviewFile[r.ReadInt32()];
        for (int i = 0; i < skipped.Length; i++) skipped[i] = new InvalidReviewFile(r.ReadString(), r.ReadString());
        if (stream.ReadByte() != -1) throw new InvalidDataException($"'{path}' has trailing bytes; it is not a complete token cache.");
        return new TokenizedImdb { Vocabulary = new Vocabulary(words, counts), Splits = splits, Labels = labels, Ids = ids, Ratings = ratings, Ranks = ranks, Skipped = skipped };
    }
}
