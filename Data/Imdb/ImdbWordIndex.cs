using System.Text.Json;
using System.Text.Json.Serialization;
using RnnZoo.Data.Text;

namespace RnnZoo.Data.Imdb;

/// <summary>
/// What a program needs to turn review text into a model's ids without the IMDB data: the word index (word to id,
/// only ids the model reads) and the encoding rules, as a small JSON document. <c>rnnzoo export</c> puts it in the
/// ONNX file's metadata under <see cref="MetadataKey"/>, so that a program with ONNX Runtime alone can classify text.
/// </summary>
/// <remarks>
/// The encoding, the same as <see cref="ImdbDataset.EncodeText"/>:
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
public sealed record ImdbWordIndex(
    IReadOnlyDictionary<string, int> Words,
    IReadOnlyList<int> Prefix,
    int? OovId,
    bool StripHtmlBreaks,
    string Filters,
    int MaxLen)
{
    /// <summary>The metadata key of an exported ONNX model that holds this document.</summary>
    public const string MetadataKey = "rnnzoo.word_index";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The word index of <paramref name="data"/>'s vocabulary and options, with <paramref name="maxLen"/>.</summary>
    public static ImdbWordIndex From(ImdbDataset data, int maxLen)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = data.Options;
        bool InRange(int id) => id >= o.SkipTop && (o.NumWords is not { } n || id < n);
        var words = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var rank = 1; rank <= data.Vocabulary.Count; rank++)
        {
            var id = rank + o.IndexFrom;
            if (o.NumWords is { } n && id >= n) break; // ranks only grow
            if (InRange(id)) words[data.Vocabulary.WordAt(rank)] = id;
        }
        // The start id as EncodeText writes it: itself when in range, else the out-of-vocabulary id (or nothing).
        var prefix = o.StartChar is { } start ? (InRange(start) ? new[] { start } : o.OovChar is { } oov ? new[] { oov } : Array.Empty<int>()) : Array.Empty<int>();
        return new ImdbWordIndex(words, prefix, o.OovChar, o.HtmlBreaks == HtmlBreakHandling.Strip, KerasTokenizer.KerasFilters, maxLen);
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
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a document written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">Not such a document.</exception>
    public static ImdbWordIndex FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ImdbWordIndex>(json, Json) is { Words: not null, Prefix: not null, Filters: not null } index
                ? index
                : throw new InvalidDataException("the word index JSON lacks words, prefix or filters");
        }
        catch (JsonException e) { throw new InvalidDataException($"not a word index JSON document: {e.Message}", e); }
    }
}
