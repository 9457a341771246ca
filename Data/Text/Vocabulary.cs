namespace RnnZoo.Data.Text;

/// <summary>
/// Words ranked by frequency, Keras' <c>word_index</c>: rank 1 is the most frequent word. Ties are broken
/// by ordinal string order, so the same text always gives the same ranks (Keras' own tie order is that of
/// its word counter and is not documented).
/// </summary>
public sealed class Vocabulary
{
    private readonly string[] _words;
    private readonly Dictionary<string, int> _rank;

    /// <summary>Creates a vocabulary from words already in rank order (index 0 has rank 1).</summary>
    public Vocabulary(IReadOnlyList<string> wordsByRank, IReadOnlyList<long>? counts = null)
    {
        _words = wordsByRank.ToArray();
        _rank = new Dictionary<string, int>(_words.Length, StringComparer.Ordinal);
        for (int i = 0; i < _words.Length; i++)
        {
            if (!_rank.TryAdd(_words[i], i + 1))
                throw new ArgumentException($"Word '{_words[i]}' appears twice in the vocabulary (ranks {_rank[_words[i]]} and {i + 1}).", nameof(wordsByRank));
        }
        Counts = counts?.ToArray() ?? [];
    }

    /// <summary>Number of distinct words.</summary>
    public int Count => _words.Length;

    /// <summary>Occurrence counts in rank order (empty when not known).</summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>The word with 1-based <paramref name="rank"/>.</summary>
    public string WordAt(int rank) => _words[rank - 1];

    /// <summary>The words in rank order.</summary>
    public IReadOnlyList<string> Words => _words;

    /// <summary>1-based rank of <paramref name="word"/>, or 0 when the word is unknown.</summary>
    public int RankOf(string word) => _rank.TryGetValue(word, out int r) ? r : 0;

    /// <summary>Counts the words of <paramref name="documents"/> and ranks them (frequency descending, then ordinal).</summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> documents)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var doc in documents)
            foreach (var w in doc)
                counts[w] = counts.GetValueOrDefault(w) + 1;
        var ordered = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        return new Vocabulary(ordered.Select(kv => kv.Key).ToArray(), ordered.Select(kv => kv.Value).ToArray());
    }
}
