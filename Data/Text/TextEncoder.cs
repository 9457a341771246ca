using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnZoo.Data.Text;

/// <summary>
/// Keras' id conventions for encoding words (those of <c>keras.datasets.imdb.load_data</c> and <c>Tokenizer</c>):
/// 0 padding, <see cref="StartChar"/> at the start of every sequence, <see cref="OovChar"/> for words out of vocabulary,
/// the word of frequency rank r (1-based) has id <c>r + IndexFrom</c>, kept when <c>SkipTop &lt;= id &lt; NumWords</c>.
/// </summary>
/// <param name="NumWords">Keep ids below this (it counts the reserved ids too); null keeps every word.</param>
/// <param name="SkipTop">Ids below this become <see cref="OovChar"/>.</param>
/// <param name="StartChar">Id put first in every sequence; null for none.</param>
/// <param name="OovChar">Id of out-of-vocabulary words; null removes them.</param>
/// <param name="IndexFrom">Offset added to the ranks.</param>
/// <param name="StripHtmlBreaks">The tokeniser removes <c>&lt;br /&gt;</c> (true) or keeps it as the word <c>br</c>.</param>
public sealed record TextEncoding(int? NumWords = null, int SkipTop = 0, int? StartChar = 1, int? OovChar = 2, int IndexFrom = 3, bool StripHtmlBreaks = true)
{
    /// <summary>True when id <paramref name="id"/> is inside the vocabulary (not replaced by <see cref="OovChar"/>).</summary>
    public bool InRange(int id) => id >= SkipTop && (NumWords is not { } n || id < n);
}

/// <summary>A text encoded by a <see cref="TextEncoder"/>.</summary>
/// <param name="Ids">The ids, start id first (when there is one).</param>
/// <param name="Words">Words the tokeniser found.</param>
/// <param name="KnownWords">Words inside the vocabulary (not out of vocabulary): 0 means the model reads nothing of the text.</param>
public sealed record EncodedText(int[] Ids, int Words, int KnownWords);

/// <summary>
/// Turns text into ids exactly as a training set was encoded: the same tokeniser (<see cref="KerasTokenizer"/>), the
/// training part's word ranks, and the same id conventions (<see cref="TextEncoding"/>). Saved beside a trained model
/// (<c>vocabulary.json</c>), it is all that encoding new text needs: no access to the training data.
/// </summary>
public sealed class TextEncoder
{
    private readonly KerasTokenizer _tokenizer;

    /// <summary>Creates an encoder over <paramref name="vocabulary"/> (ranks of the training part).</summary>
    public TextEncoder(Vocabulary vocabulary, TextEncoding encoding)
    {
        Vocabulary = vocabulary ?? throw new ArgumentNullException(nameof(vocabulary));
        Encoding = encoding ?? throw new ArgumentNullException(nameof(encoding));
        _tokenizer = new KerasTokenizer(encoding.StripHtmlBreaks);
    }

    /// <summary>The word ranks.</summary>
    public Vocabulary Vocabulary { get; }
    /// <summary>The id conventions.</summary>
    public TextEncoding Encoding { get; }

    /// <summary>Largest id + 1 that can occur: the size an embedding table needs.</summary>
    public int IdCount => Encoding.NumWords ?? Vocabulary.Count + Encoding.IndexFrom + 1;

    /// <summary>Tokenises and encodes <paramref name="text"/>.</summary>
    public EncodedText Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = _tokenizer.Tokenize(text);
        var ranks = words.Select(Vocabulary.RankOf).ToArray();
        var known = ranks.Count(r => r > 0 && Encoding.InRange(r + Encoding.IndexFrom));
        return new EncodedText(EncodeRanks(ranks), words.Count, known);
    }

    /// <summary>
    /// The ids of a document given as word ranks (0 for a word the vocabulary lacks): the start id, then each rank
    /// shifted by IndexFrom, out-of-range and unknown words replaced by the OOV id (or removed without one).
    /// </summary>
    public int[] EncodeRanks(IReadOnlyList<int> ranks)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        var e = Encoding;
        var result = new List<int>(ranks.Count + 1);
        void Add(int id)
        {
            if (e.InRange(id)) result.Add(id);
            else if (e.OovChar is { } oov) result.Add(oov);
        }
        if (e.StartChar is { } start) Add(start);
        foreach (var rank in ranks)
        {
            if (rank == 0)
            {
                if (e.OovChar is { } oov) result.Add(oov); // a word the training part never has
                continue;
            }
            Add(rank + e.IndexFrom);
        }
        return result.ToArray();
    }

    /// <summary>The file name in a run folder.</summary>
    public const string FileName = "vocabulary.json";

    private sealed record File(int Format, TextEncoding Encoding, IReadOnlyList<string> Words);


    /// <summary>
    /// Writes the encoder to <paramref name="path"/> (JSON: the conventions and the words in rank order, only those
    /// whose ids can be inside the vocabulary).
    /// </summary>
    public void Save(string path)
    {
        var usable = Encoding.NumWords is { } n ? Math.Clamp(n - Encoding.IndexFrom - 1, 0, Vocabulary.Count) : Vocabulary.Count;
        var temporary = path + ".tmp";
        System.IO.File.WriteAllText(temporary, JsonSerializer.Serialize(new File(1, Encoding, Vocabulary.Words.Take(usable).ToArray()), JsonFormat.Compact));
        System.IO.File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads an encoder written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a vocabulary file (truncated, edited into another shape, a word twice).</exception>
    public static TextEncoder Load(string path)
    {
        if (!System.IO.File.Exists(path)) throw new FileNotFoundException($"No vocabulary file at '{path}'.", path);
        File? file;
        try { file = JsonSerializer.Deserialize<File>(System.IO.File.ReadAllText(path), JsonFormat.Compact); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' is not a vocabulary file: {e.Message}", e); }
        if (file is null || file.Format != 1 || file.Encoding is null || file.Words is null)
            throw new InvalidDataException($"'{path}' is not a vocabulary file of format 1 (it needs format, encoding and words).");
        try { return new TextEncoder(new Vocabulary(file.Words), file.Encoding); }
        catch (ArgumentException e) { throw new InvalidDataException($"'{path}': {e.Message}", e); }
    }
}
