using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using RnnZoo.Data.Text;

namespace RnnZoo.Data.Imdb;

/// <summary>
/// Loads IMDB with Keras' <c>imdb.load_data</c> conventions from the official layout (directory or .tar.gz).
/// The tokenised reviews are cached (keyed by the source file and the tokenising options), so a second
/// load skips reading and tokenising the 50,000 reviews.
/// </summary>
public static class ImdbDataset
{
    /// <summary>
    /// Loads the data. Vocabulary: the training split's words ranked by count, ties broken by ordinal word
    /// order (deterministic). <paramref name="cacheDirectory"/>: where the token cache lives (default: see
    /// <see cref="DataPaths.CacheDirectory"/>); pass <c>""</c> to disable the cache.
    /// </summary>
    public static ImdbData Load(string source, ImdbOptions? options = null, string? cacheDirectory = null)
    {
        options = (options ?? new ImdbOptions()).Validate();
        var tokens = LoadTokens(source, options.KeepLineBreaks, cacheDirectory);
        return Encode(tokens, options);
    }

    /// <summary>Reviews as frequency ranks (1 = most frequent), with the vocabulary: the cached form.</summary>
    internal sealed record TokenizedImdb(string[] Words, int[][] TrainRanks, long[] TrainLabels, int[] TrainRatings, int[][] TestRanks, long[] TestLabels, int[] TestRatings);

    internal static TokenizedImdb LoadTokens(string source, bool keepLineBreaks, string? cacheDirectory)
    {
        var cachePath = CachePath(source, keepLineBreaks, cacheDirectory);
        if (cachePath is not null && File.Exists(cachePath))
        {
            try { return TokenCache.Read(cachePath); }
            catch (InvalidDataException) { File.Delete(cachePath); } // a damaged cache is rebuilt, never trusted
        }
        var tokens = Tokenize(AclImdbReader.Read(source), keepLineBreaks);
        if (cachePath is not null) TokenCache.Write(cachePath, tokens);
        return tokens;
    }

    private static string? CachePath(string source, bool keepLineBreaks, string? cacheDirectory)
    {
        if (cacheDirectory == "") return null;
        var directory = cacheDirectory ?? DataPaths.CacheDirectory();
        var full = Path.GetFullPath(source);
        // The key changes when the source changes (size, time) or the tokenising rule does.
        string stamp = File.Exists(full)
            ? $"{new FileInfo(full).Length}:{File.GetLastWriteTimeUtc(full).Ticks}"
            : Directory.Exists(full) ? Directory.GetLastWriteTimeUtc(full).Ticks.ToString() : "";
        var key = $"v{TokenCache.Version}|{full}|{stamp}|br={keepLineBreaks}";
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant();
        return Path.Combine(directory, $"imdb-tokens-{hash}.bin");
    }

    private static TokenizedImdb Tokenize(List<ImdbReview> reviews, bool keepLineBreaks)
    {
        var tokenized = new List<string>[reviews.Count];
        Parallel.For(0, reviews.Count, i => tokenized[i] = KerasTokenizer.Tokenize(reviews[i].Text, keepLineBreaks));

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < reviews.Count; i++)
        {
            if (reviews[i].Split != ImdbSplit.Train) continue;
            foreach (var w in tokenized[i]) counts[w] = counts.GetValueOrDefault(w) + 1;
        }
        var words = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).ToArray();
        var rank = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        for (var r = 0; r < words.Length; r++) rank[words[r]] = r + 1;

        // Test words never seen in training get rank 0 (always out of vocabulary).
        int[] Ranks(List<string> t) => t.Select(w => rank.GetValueOrDefault(w)).ToArray();
        var train = reviews.Select((r, i) => (r, i)).Where(p => p.r.Split == ImdbSplit.Train).ToList();
        var test = reviews.Select((r, i) => (r, i)).Where(p => p.r.Split == ImdbSplit.Test).ToList();
        return new TokenizedImdb(words,
            train.Select(p => Ranks(tokenized[p.i])).ToArray(), train.Select(p => (long)p.r.Label).ToArray(), train.Select(p => p.r.Rating).ToArray(),
            test.Select(p => Ranks(tokenized[p.i])).ToArray(), test.Select(p => (long)p.r.Label).ToArray(), test.Select(p => p.r.Rating).ToArray());
    }

    private static ImdbData Encode(TokenizedImdb tokens, ImdbOptions o)
    {
        ImdbSplitData Split(int[][] ranks, long[] labels, int[] ratings)
        {
            var sequences = new List<int[]>(ranks.Length);
            var keptLabels = new List<long>(ranks.Length);
            var keptRatings = new List<int>(ranks.Length);
            for (var i = 0; i < ranks.Length; i++)
            {
                var start = o.StartChar is null ? 0 : 1;
                var ids = new int[ranks[i].Length + start];
                if (o.StartChar is { } s) ids[0] = s;
                for (var j = 0; j < ranks[i].Length; j++) ids[j + start] = ranks[i][j] == 0 ? int.MaxValue : ranks[i][j] + o.IndexFrom;
                // Keras: out of vocabulary is decided after the shift, for every id (the start id too).
                for (var j = 0; j < ids.Length; j++)
                    if (ids[j] < o.SkipTop || (o.NumWords is { } n && ids[j] >= n) || ids[j] == int.MaxValue) ids[j] = o.OovChar;
                if (o.MaxLen is { } max)
                {
                    if (o.MaxLenMode == MaxLenMode.Drop) { if (ids.Length >= max) continue; }
                    else if (ids.Length > max) ids = o.MaxLenMode == MaxLenMode.TruncatePre ? ids[^max..] : ids[..max];
                }
                sequences.Add(ids);
                keptLabels.Add(labels[i]);
                keptRatings.Add(ratings[i]);
            }
            return new ImdbSplitData(sequences.ToArray(), keptLabels.ToArray(), keptRatings.ToArray());
        }
        return new ImdbData(Split(tokens.TrainRanks, tokens.TrainLabels, tokens.TrainRatings),
                            Split(tokens.TestRanks, tokens.TestLabels, tokens.TestRatings), tokens.Words, o);
    }
}
