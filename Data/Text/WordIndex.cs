using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnZoo.Data.Text;

/// <summary>
/// What a program without RnnZoo needs to turn text into a model's ids: the word index (word to id, only ids the model
/// reads) and the encoding rules, as a small JSON document: a <see cref="TextEncoder"/> flattened. <c>rnnzoo export</c> puts it in the
/// ONNX file's metadata under <see cref="MetadataKey"/>, so that a program with ONNX Runtime alone can classify text.
/// </summary>
/// <remarks>
/// The encoding, the same as <see cref="TextEncoder.Encode"/>:
/// <list type="number">
/// <item>Words by <see cref="KerasTokenizer"/>'s rule: when <see cref="StripHtmlBreaks"/>, every <c>&lt;br&gt;</c>,
/// <c>&lt;br/&gt;</c>, <c>&lt;br /&gt;</c> (any case) becomes a space; the text is lower-cased; each character of
/// <see cref="Filters"/> becomes a space; the text is split on white space.</item>
/// <item>Ids: <see cref="Prefix"/> (the start id), then each word's id from <see cref="Words"/>, or <see cref="OovId"/>
/// for a word not in it (dropped when OovId is null).</item>
/// <item>A sequence longer than <see cref="MaxLen"/> keeps its last MaxLen ids (Keras' <c>truncating='pre'</c>).</item>
/// </list>
/// </remarks>
/// <param name="Words">Word to id, for the ids the model reads (below num_words).</param>
/// <param name="Prefix">Ids put before the words (the start id 1 with Keras' defaults).</param>
/// <param name="OovId">Id of a word not in <see cref="Words"/>; null drops such words.</param>
/// <param name="StripHtmlBreaks">Whether <c>&lt;br /&gt;</c> is removed before tokenising.</param>
/// <param name="Filters">Characters that become spaces (Keras' default filters).</param>
/// <param name="MaxLen">Longest sequence the model was trained on; longer ones keep their last MaxLen ids.</param>
public sealed record WordIndex(
    IReadOnlyDictionary<string, int> Words,
    IReadOnlyList<int> Prefix,
    int? OovId,
    bool StripHtmlBreaks,
    string Filters,
    int MaxLen)
{
    /// <summary>The metadata key of an exported ONNX model that holds this document.</summary>
    public const string MetadataKey = "rnnzoo.word_index";


    /// <summary>The word index of <paramref name="encoder"/>, with <paramref name="maxLen"/>.</summary>
    public static WordIndex From(TextEncoder encoder, int maxLen)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var e = encoder.Encoding;
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var rank = 1; rank <= encoder.Vocabulary.Count; rank++)
        {
            var id = rank + e.IndexFrom;
            if (e.NumWords is { } n && id >= n) break; // ranks only grow
            if (e.InRange(id)) words[encoder.Vocabulary.WordAt(rank)] = id;
        }
        // The start id as the encoder writes it: itself when in range, else the out-of-vocabulary id (or nothing).
        var prefix = e.StartChar is { } start ? (e.InRange(start) ? new[] { start } : e.OovChar is { } oov ? new[] { oov } : Array.Empty<int>()) : Array.Empty<int>();
        return new WordIndex(words, prefix, e.OovChar, e.StripHtmlBreaks, KerasTokenizer.KerasFilters, maxLen);
    }

    /// <summary>The ids of <paramref name="text"/> by the rules in the remarks, truncated to the last <see cref="MaxLen"/>.</summary>
    public int[] Encode(string text)
    {
        var ids = new List<int>(Prefix);
        foreach (var word in new KerasTokenizer(StripHtmlBreaks).Tokenize(text))
        {
            if (Words.TryGetValue(word, out var id)) ids.Add(id);
            else if (OovId is { } oov) ids.Add(oov);
        }
        return ids.Count > MaxLen ? ids.GetRange(ids.Count - MaxLen, MaxLen).ToArray() : ids.ToArray();
    }

    /// <summary>The JSON document (snake_case: words, prefix, oov_id, strip_html_breaks, filters, max_len).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonFormat.Compact);

    /// <summary>Reads a document written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">Not such a document.</exception>
    public static WordIndex FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WordIndex>(json, JsonFormat.Compact) is { Words: not null, Prefix: not null, Filters: not null } index
                ? index
                : throw new InvalidDataException("the word index JSON lacks words, prefix or filters");
        }
        catch (JsonException e) { throw new InvalidDataException($"not a word index JSON document: {e.Message}", e); }
    }
}
