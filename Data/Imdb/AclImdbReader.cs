using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace RnnZoo.Data.Imdb;

/// <summary>
/// Reads the labelled reviews of the official Large Movie Review Dataset layout,
/// <c>aclImdb/{train,test}/{pos,neg}/&lt;id&gt;_&lt;rating&gt;.txt</c>, from an extracted directory or straight from
/// a <c>.tar.gz</c> (System.Formats.Tar over a GZipStream, nothing extracted to disk). Other entries
/// (<c>train/unsup</c>, <c>*.feat</c>, <c>imdb.vocab</c>, <c>README</c>) are skipped.
/// </summary>
public static partial class AclImdbReader
{
    /// <summary>The official download page, quoted in error messages.</summary>
    public const string OfficialPage = "https://ai.stanford.edu/~amaas/data/sentiment/";

    [GeneratedRegex(@"(?:^|/)(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$", RegexOptions.CultureInvariant)]
    private static partial Regex ReviewPath();

    /// <summary>
    /// Finds the dataset under <paramref name="path"/>: the path itself when it is an archive
    /// (<c>*.tar.gz</c>/<c>*.tgz</c>) or an <c>aclImdb</c> directory (one holding <c>train/</c> and <c>test/</c>);
    /// else, inside it, <c>aclImdb/</c>, <c>aclImdb_v1.tar.gz</c>, <c>aclImdb_v1-labeled.tar.gz</c>, or the same
    /// under <c>imdb/</c>. Throws <see cref="FileNotFoundException"/> naming the places looked at and how to get the data.
    /// </summary>
    public static string Locate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (File.Exists(full)) return full;
        if (Directory.Exists(full))
        {
            if (IsAclImdbDirectory(full)) return full;
            var candidates = new List<string>();
            foreach (var dir in new[] { full, Path.Combine(full, "imdb") })
            {
                candidates.Add(Path.Combine(dir, "aclImdb"));
                candidates.Add(Path.Combine(dir, "aclImdb_v1.tar.gz"));
                candidates.Add(Path.Combine(dir, "aclImdb_v1-labeled.tar.gz"));
            }
            foreach (var c in candidates)
                if ((Directory.Exists(c) && IsAclImdbDirectory(c)) || File.Exists(c)) return c;
            throw new FileNotFoundException(
                $"No IMDB data under '{full}'. Looked for: {string.Join(", ", candidates)}. " +
                $"Get aclImdb_v1.tar.gz from {OfficialPage} (or let ImdbDownloader fetch it) and pass its path or folder.");
        }
        throw new FileNotFoundException(
            $"IMDB data path '{full}' does not exist. Expected an aclImdb directory, aclImdb_v1.tar.gz, or a folder holding one of them. " +
            $"Get aclImdb_v1.tar.gz from {OfficialPage} (or let ImdbDownloader fetch it).", full);
    }

    /// <summary>Reads every labelled review found at <paramref name="path"/> (see <see cref="Locate"/>), in a
    /// deterministic order: train before test, neg before pos, then by id.</summary>
    /// <exception cref="InvalidDataException">The archive is truncated or corrupt (the message names the entry), or a split/label has no review.</exception>
    public static IReadOnlyList<ImdbReview> ReadAll(string path)
    {
        var source = Locate(path);
        var reviews = Directory.Exists(source) ? ReadDirectory(source) : ReadArchive(source);
        reviews.Sort(static (a, b) =>
        {
            int c = a.Split.CompareTo(b.Split);
            if (c != 0) return c;
            c = a.Label.CompareTo(b.Label);
            return c != 0 ? c : a.Id.CompareTo(b.Id);
        });
        // A dataset missing a whole split or label is never a valid partial result.
        foreach (var split in Enum.GetValues<ImdbSplitName>())
            foreach (var label in new[] { 0, 1 })
                if (!reviews.Any(r => r.Split == split && r.Label == label))
                    throw new InvalidDataException(
                        $"'{source}' holds no review in aclImdb/{split.ToString().ToLowerInvariant()}/{(label == 1 ? "pos" : "neg")}; " +
                        $"it is not a complete Large Movie Review Dataset (get it from {OfficialPage}).");
        return reviews;
    }

    private static bool IsAclImdbDirectory(string dir) =>
        Directory.Exists(Path.Combine(dir, "train")) && Directory.Exists(Path.Combine(dir, "test"));

    private static List<ImdbReview> ReadDirectory(string dir)
    {
        var result = new List<ImdbReview>(50_000);
        foreach (var split in new[] { "train", "test" })
            foreach (var label in new[] { "neg", "pos" })
            {
                var sub = Path.Combine(dir, split, label);
                if (!Directory.Exists(sub))
                    throw new DirectoryNotFoundException($"Expected folder '{sub}' of the aclImdb layout is missing.");
                foreach (var file in Directory.EnumerateFiles(sub, "*.txt"))
                {
                    var rel = $"{split}/{label}/{Path.GetFileName(file)}";
                    if (TryParse(rel, out var s, out var l, out var id, out var rating))
                        result.Add(new ImdbReview(s, l, id, rating, File.ReadAllText(file, Encoding.UTF8)));
                }
            }
        return result;
    }

    private static List<ImdbReview> ReadArchive(string archive)
    {
        var result = new List<ImdbReview>(50_000);
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        string lastEntry = "(none: the archive's first header)";
        try
        {
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry(copyData: false) is { } entry)
            {
                lastEntry = entry.Name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                if (!TryParse(entry.Name, out var s, out var l, out var id, out var rating)) continue;
                if (entry.DataStream is null)
                    throw new InvalidDataException($"Entry '{entry.Name}' of '{archive}' has no data.");
                using var reader = new StreamReader(entry.DataStream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
                var text = reader.ReadToEnd();
                if (Encoding.UTF8.GetByteCount(text) < entry.Length && !text.Contains('\uFFFD'))
                    throw new InvalidDataException($"Entry '{entry.Name}' of '{archive}' is truncated: read fewer than its {entry.Length} bytes.");
                result.Add(new ImdbReview(s, l, id, rating, text));
                lastEntry = entry.Name + " (after its data)";
            }
            // Drain the gzip stream so a missing trailer (a truncated download) is detected, not ignored.
            gzip.CopyTo(Stream.Null);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException && e is not FileNotFoundException)
        {
            throw new InvalidDataException(
                $"Archive '{archive}' is truncated or corrupt: reading failed at entry '{lastEntry}' after {result.Count} reviews ({e.Message}). " +
                $"Download it again from {OfficialPage}.", e);
        }
        return result;
    }

    private static bool TryParse(string name, out ImdbSplitName split, out int label, out int id, out int rating)
    {
        split = default; label = 0; id = 0; rating = 0;
        var m = ReviewPath().Match(name.Replace('\\', '/'));
        if (!m.Success) return false;
        split = m.Groups[1].Value == "train" ? ImdbSplitName.Train : ImdbSplitName.Test;
        label = m.Groups[2].Value == "pos" ? 1 : 0;
        return int.TryParse(m.Groups[3].ValueSpan, out id) && int.TryParse(m.Groups[4].ValueSpan, out rating);
    }
}
