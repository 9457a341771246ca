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
    private const string Magic = "RNNZOO-IMDB-TOKENS-1";

    public required Vocabulary Vocabulary { get; init; }
    public required ImdbSplitName[] Splits { get; init; }
    public required int[] Labels { get; init; }
    public required int[] Ids { get; init; }
    public required int[] Ratings { get; init; }
    public required int[][] Ranks { get; init; }

    /// <summary>Tokenises the reviews and ranks their words: by the training split's own frequencies, or by <paramref name="vocabulary"/> when given.</summary>
    public static TokenizedImdb FromReviews(IReadOnlyList<ImdbReview> reviews, HtmlBreakHandling breaks, Vocabulary? vocabulary = null)
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

    /// <summary>Cache key: the source's identity (full path, size and modification time of the archive, or of
    /// every review file of a directory) and the tokenisation rule.</summary>
    public static string CacheKey(string source, HtmlBreakHandling breaks)
    {
        var sb = new StringBuilder(Magic).Append('|').Append(source).Append('|').Append(breaks);
        if (File.Exists(source))
        {
            var info = new FileInfo(source);
            sb.Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks);
        }
        else
        {
            long files = 0, bytes = 0, newest = 0;
            foreach (var f in new DirectoryInfo(source).EnumerateFiles("*.txt", SearchOption.AllDirectories))
            {
                files++; bytes += f.Length; newest = Math.Max(newest, f.LastWriteTimeUtc.Ticks);
            }
            sb.Append('|').Append(files).Append('|').Append(bytes).Append('|').Append(newest);
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..20].ToLowerInvariant();
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
        if (stream.ReadByte() != -1) throw new InvalidDataException($"'{path}' has trailing bytes; it is not a complete token cache.");
        return new TokenizedImdb { Vocabulary = new Vocabulary(words, counts), Splits = splits, Labels = labels, Ids = ids, Ratings = ratings, Ranks = ranks };
    }
}
