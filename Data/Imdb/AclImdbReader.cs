using System.Formats.Tar;
using System.IO.Compression;

namespace RnnZoo.Data.Imdb;

/// <summary>
/// Reads the labelled reviews of the official Large Movie Review Dataset layout,
/// <c>aclImdb/{train,test}/{pos,neg}/&lt;id&gt;_&lt;rating&gt;.txt</c>, from an extracted directory or straight from
/// a <c>.tar.gz</c> (System.Formats.Tar over a GZipStream, nothing extracted to disk). Other entries
/// (<c>train/unsup</c>, <c>*.feat</c>, <c>imdb.vocab</c>, <c>README</c>) and hidden files are skipped; every other file
/// of a review folder is checked (see <see cref="Read"/>).
/// </summary>
public static class AclImdbReader
{
    /// <summary>The official download page, quoted in error messages.</summary>
    public const string OfficialPage = "https://ai.stanford.edu/~amaas/data/sentiment/";

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
    /// deterministic order: train before test, neg before pos, then by id. Every file of a review folder must be a
    /// valid review (see <see cref="Read"/>).</summary>
    /// <exception cref="InvalidReviewFilesException">A file of a review folder is not a valid review (the message names them).</exception>
    /// <exception cref="InvalidDataException">The archive is truncated or corrupt (the message names the entry), or a split/label has no review.</exception>
    public static IReadOnlyList<ImdbReview> ReadAll(string path) => Read(path).Reviews;

    /// <summary>
    /// Reads every labelled review found at <paramref name="path"/> (see <see cref="Locate"/>), checking each file of a
    /// review folder (<c>{train,test}/{pos,neg}/</c>, hidden files aside): its name must be <c>ID_RATING.txt</c> with an
    /// integer id and a rating of 1-10 that fits the folder (pos 7-10, neg 1-4), unique within the folder; its bytes
    /// must be UTF-8 text (strictly decoded; no NUL byte, almost no control characters) that is not empty or only white
    /// space. Reviews come in a deterministic order: train before test, neg before pos, then by id.
    /// </summary>
    /// <param name="path">aclImdb directory, archive, or a folder holding one.</param>
    /// <param name="skipInvalid">False (default): an invalid file is an error. True: invalid files are left out and listed in <see cref="ImdbReadResult.Skipped"/>.</param>
    /// <exception cref="InvalidReviewFilesException">Without <paramref name="skipInvalid"/>, a file of a review folder is not a valid review (the message names the first few, with the count).</exception>
    /// <exception cref="InvalidDataException">The archive is truncated or corrupt (the message names the entry), or a split/label has no valid review.</exception>
    public static ImdbReadResult Read(string path, bool skipInvalid = false)
    {
        var source = Locate(path);
        var found = new Found();
        if (Directory.Exists(source)) ReadDirectory(source, found); else ReadArchive(source, found);
        var (reviews, invalid) = found.Finish();
        if (invalid.Count > 0 && !skipInvalid) throw new InvalidReviewFilesException(source, invalid);
        // A dataset missing a whole split or label is never a valid partial result.
        foreach (var split in Enum.GetValues<ImdbSplitName>())
            foreach (var label in new[] { 0, 1 })
                if (!reviews.Any(r => r.Split == split && r.Label == label))
                    throw new InvalidDataException(
                        $"'{source}' holds no {(invalid.Count > 0 ? "valid " : "")}review in aclImdb/{split.ToString().ToLowerInvariant()}/{(label == 1 ? "pos" : "neg")}; " +
                        $"it is not a complete Large Movie Review Dataset (get it from {OfficialPage}).");
        return new ImdbReadResult(source, reviews, invalid);
    }

    // The reviews and invalid files met, with the path of each review for the duplicate check.
    private sealed class Found
    {
        private readonly List<(ImdbReview Review, string Path)> _reviews = new(50_000);
        private readonly List<InvalidReviewFile> _invalid = [];

        public void Invalid(string path, string problem) => _invalid.Add(new InvalidReviewFile(path, problem));

        // Checks one file of a review folder: its name, then its bytes.
        public void Check(string path, ImdbSplitName split, int label, string fileName, ReadOnlySpan<byte> bytes)
        {
            string text = "";
            var problem = ReviewFiles.CheckName(fileName, label, out var id, out var rating) ?? ReviewFiles.CheckText(bytes, out text);
            if (problem is null) _reviews.Add((new ImdbReview(split, label, id, rating, text), path));
            else Invalid(path, problem);
        }

        public int Count => _reviews.Count;

        // Sorted reviews (a second file of one id in one folder is invalid: ids are unique there) and the invalid files by path.
        public (List<ImdbReview> Reviews, List<InvalidReviewFile> Invalid) Finish()
        {
            var reviews = new List<ImdbReview>(_reviews.Count);
            foreach (var group in _reviews.GroupBy(r => (r.Review.Split, r.Review.Label, r.Review.Id)))
            {
                var ordered = group.OrderBy(r => r.Path, StringComparer.Ordinal).ToList();
                reviews.Add(ordered[0].Review);
                foreach (var (_, path) in ordered.Skip(1))
                    Invalid(path, path == ordered[0].Path ? "a second archive entry of this name" : $"duplicate id {group.Key.Id}: {ordered[0].Path} has it too");
            }
            reviews.Sort(static (a, b) =>
            {
                int c = a.Split.CompareTo(b.Split);
                if (c != 0) return c;
                c = a.Label.CompareTo(b.Label);
                return c != 0 ? c : a.Id.CompareTo(b.Id);
            });
            _invalid.Sort(static (a, b) => string.CompareOrdinal(a.Path, b.Path));
            return (reviews, _invalid);
        }
    }

    private static bool IsAclImdbDirectory(string dir) =>
        Directory.Exists(Path.Combine(dir, "train")) && Directory.Exists(Path.Combine(dir, "test"));

    private static void ReadDirectory(string dir, Found found)
    {
        foreach (var split in new[] { "train", "test" })
            foreach (var label in new[] { "neg", "pos" })
            {
                var sub = Path.Combine(dir, split, label);
                if (!Directory.Exists(sub))
                    throw new DirectoryNotFoundException($"Expected folder '{sub}' of the aclImdb layout is missing.");
                foreach (var file in Directory.EnumerateFiles(sub))
                {
                    var rel = $"{split}/{label}/{Path.GetFileName(file)}";
                    if (!ReviewFiles.InReviewFolder(rel, out var s, out var l, out var name)) continue; // hidden files
                    var length = new FileInfo(file).Length;
                    if (length > ReviewFiles.MaxBytes) { found.Invalid(rel, $"{length} bytes: too large for a review"); continue; }
                    found.Check(rel, s, l, name, File.ReadAllBytes(file));
                }
            }
    }

    private static void ReadArchive(string archive, Found found)
    {
        using var file = File.OpenRead(archive);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        string lastEntry = "(none: the archive's first header)";
        try
        {
            using var tar = new TarReader(gzip);
            byte[] buffer = [];
            while (tar.GetNextEntry(copyData: false) is { } entry)
            {
                lastEntry = entry.Name;
                if (!ReviewFiles.InReviewFolder(entry.Name, out var s, out var l, out var name)) continue;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                {
                    if (entry.EntryType is not TarEntryType.Directory) found.Invalid(entry.Name, $"not a regular file but a {entry.EntryType} entry");
                    continue;
                }
                if (entry.Length > ReviewFiles.MaxBytes) { found.Invalid(entry.Name, $"{entry.Length} bytes: too large for a review"); continue; }
                int length = (int)entry.Length;
                if (buffer.Length < length) buffer = new byte[Math.Max(length, 2 * buffer.Length)];
                // ReadExactly: an entry cut short by a truncated download is an EndOfStreamException, reported below.
                if (length > 0)
                {
                    if (entry.DataStream is null) throw new InvalidDataException($"Entry '{entry.Name}' has no data.");
                    entry.DataStream.ReadExactly(buffer, 0, length);
                }
                found.Check(entry.Name, s, l, name, buffer.AsSpan(0, length));
                lastEntry = entry.Name + " (after its data)";
            }
            // Drain the gzip stream so a missing trailer (a truncated download) is detected, not ignored.
            gzip.CopyTo(Stream.Null);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or IOException && e is not FileNotFoundException)
        {
            throw new InvalidDataException(
                $"Archive '{archive}' is truncated or corrupt: reading failed at entry '{lastEntry}' after {found.Count} reviews ({e.Message}). " +
                $"Download it again from {OfficialPage}.", e);
        }
    }
}
