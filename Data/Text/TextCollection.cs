using System.Text;
using RnnZoo.Data.Csv;

namespace RnnZoo.Data.Text;

/// <summary>One labelled document of a <see cref="TextCollection"/>.</summary>
/// <param name="Text">The text.</param>
/// <param name="Label">Its label, any string.</param>
/// <param name="Origin">Where it came from: <c>file.csv:12</c> (the line its row starts on) or the file's path.</param>
public sealed record LabeledText(string Text, string Label, string Origin);

/// <summary>Options of <see cref="TextCollection.Load"/>.</summary>
/// <param name="TextColumn">CSV: the column holding the text.</param>
/// <param name="LabelColumn">CSV: the column holding the label.</param>
/// <param name="Delimiter">CSV: the delimiter, or null to detect it.</param>
/// <param name="ExcludeLabels">Folder: label sub-folders to leave out (e.g. aclImdb's unlabelled <c>unsup</c>).</param>
/// <param name="SkipInvalid">Leave out documents that are empty or not valid UTF-8 (counted in <see cref="TextCollection.Skipped"/>) instead of refusing the collection.</param>
public sealed record TextCollectionOptions(string TextColumn = "text", string LabelColumn = "label", char? Delimiter = null,
    IReadOnlyList<string>? ExcludeLabels = null, bool SkipInvalid = false);

/// <summary>
/// A collection of labelled texts of one's own: a CSV file with a text and a label column (read by Sep, see
/// <see cref="CsvTable"/>), or a folder with one sub-folder per label holding one document per file (aclImdb's
/// <c>train/</c> and <c>test/</c> are such folders). A document that is empty or not valid UTF-8 is an error naming it
/// (or skipped and counted with <see cref="TextCollectionOptions.SkipInvalid"/>); fewer than two labels is an error.
/// </summary>
public sealed class TextCollection
{
    private TextCollection(string source, IReadOnlyList<LabeledText> documents, int skipped) => (Source, Documents, Skipped) = (source, documents, skipped);

    /// <summary>The file or folder read.</summary>
    public string Source { get; }
    /// <summary>The documents, in file order (CSV) or by label then file name (folder).</summary>
    public IReadOnlyList<LabeledText> Documents { get; }
    /// <summary>Documents left out as invalid (<see cref="TextCollectionOptions.SkipInvalid"/>).</summary>
    public int Skipped { get; }
    /// <summary>The distinct labels, sorted ordinally: class k is <c>Labels[k]</c>.</summary>
    public IReadOnlyList<string> Labels => Documents.Select(d => d.Label).Distinct().Order(StringComparer.Ordinal).ToArray();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a CSV file or a folder of label sub-folders.</summary>
    /// <exception cref="FileNotFoundException">Nothing at <paramref name="source"/>.</exception>
    /// <exception cref="InvalidDataException">Invalid documents (named), no documents, or fewer than two labels.</exception>
    /// <exception cref="CsvFormatException">A malformed CSV (line named).</exception>
    public static TextCollection Load(string source, TextCollectionOptions? options = null)
    {
        options ??= new TextCollectionOptions();
        var full = Path.GetFullPath(source);
        var invalid = new List<string>();
        List<LabeledText> documents;
        if (Directory.Exists(full)) documents = FromFolder(full, options, invalid);
        else if (File.Exists(full)) documents = FromCsv(full, options, invalid);
        else throw new FileNotFoundException($"No text collection at '{full}': pass a CSV file (text and label columns) or a folder with one sub-folder per label.", full);

        if (invalid.Count > 0 && !options.SkipInvalid)
            throw new InvalidDataException($"{invalid.Count} document(s) of '{full}' are empty or not valid UTF-8 text: {string.Join("; ", invalid.Take(5))}" +
                                           (invalid.Count > 5 ? $"; and {invalid.Count - 5} more" : "") + ". Fix them, or pass --skip-invalid to leave them out.");
        if (documents.Count == 0) throw new InvalidDataException($"'{full}' holds no documents.");
        var collection = new TextCollection(full, documents, invalid.Count);
        if (collection.Labels.Count < 2)
            throw new InvalidDataException($"'{full}' has one label only ('{collection.Labels[0]}'); a classifier needs two or more.");
        return collection;
    }

    private static List<LabeledText> FromFolder(string folder, TextCollectionOptions options, List<string> invalid)
    {
        var excluded = new HashSet<string>(options.ExcludeLabels ?? [], StringComparer.Ordinal);
        var labels = Directory.GetDirectories(folder).Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith('.') && !excluded.Contains(n))
            .Order(StringComparer.Ordinal).ToArray();
        if (labels.Length == 0)
            throw new InvalidDataException($"'{folder}' has no sub-folders: a folder collection holds one sub-folder per label (e.g. pos/ and neg/), each with one document per file.");
        var documents = new List<LabeledText>();
        foreach (var label in labels)
            foreach (var file in Directory.GetFiles(Path.Combine(folder, label!)).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
            {
                string text;
                try { text = StrictUtf8.GetString(File.ReadAllBytes(file)); }
                catch (DecoderFallbackException) { invalid.Add($"{file} (not valid UTF-8)"); continue; }
                if (text.Contains('\0')) { invalid.Add($"{file} (binary: holds NUL bytes)"); continue; }
                if (string.IsNullOrWhiteSpace(text)) { invalid.Add($"{file} (empty)"); continue; }
                documents.Add(new LabeledText(text.TrimStart('\uFEFF'), label!, file));
            }
        return documents;
    }

    private static List<LabeledText> FromCsv(string file, TextCollectionOptions options, List<string> invalid)
    {
        var table = CsvTable.Read(file, options.Delimiter);
        var (textColumn, labelColumn) = (table.Column(options.TextColumn, "Text"), table.Column(options.LabelColumn, "Label"));
        var documents = new List<LabeledText>();
        foreach (var (line, fields) in table.Rows)
        {
            var (text, label) = (fields[textColumn], fields[labelColumn].Trim());
            if (string.IsNullOrWhiteSpace(text)) { invalid.Add($"{table.FileName}:{line} (empty text)"); continue; }
            if (label.Length == 0) throw new CsvFormatException(table.FileName, line, table.Header[labelColumn], labelColumn + 1, "the label is empty.");
            documents.Add(new LabeledText(text, label, $"{table.FileName}:{line}"));
        }
        return documents;
    }

    /// <summary>
    /// A seeded split stratified by label: within each label, the documents are shuffled with <paramref name="seed"/> and
    /// the first <c>round(n · validation)</c> validate, the next <c>round(n · test)</c> test, the rest train; each part
    /// keeps the collection's order. Returns the document indices of each part.
    /// </summary>
    public (int[] Train, int[] Validation, int[] Test) Split(double validation, double test, int seed)
    {
        if (validation is < 0 or >= 1 || test is < 0 or >= 1 || validation + test >= 1)
            throw new ArgumentOutOfRangeException(nameof(validation), $"The validation ({validation}) and test ({test}) fractions must be in [0, 1) and sum below 1.");
        var (train, valid, testing) = (new List<int>(), new List<int>(), new List<int>());
        foreach (var label in Labels)
        {
            var indices = Enumerable.Range(0, Documents.Count).Where(i => Documents[i].Label == label).ToArray();
            new Random(seed).Shuffle(indices);
            var nValidation = (int)Math.Round(indices.Length * validation);
            var nTest = (int)Math.Round(indices.Length * test);
            valid.AddRange(indices.Take(nValidation));
            testing.AddRange(indices.Skip(nValidation).Take(nTest));
            train.AddRange(indices.Skip(nValidation + nTest));
        }
        return (train.Order().ToArray(), valid.Order().ToArray(), testing.Order().ToArray());
    }
}
