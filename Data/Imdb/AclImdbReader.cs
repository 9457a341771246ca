using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace RnnZoo.Data.Imdb;

/// <summary>
/// Reads the labelled reviews of the Large Movie Review Dataset (Maas et al. 2011) in its official layout,
/// <c>aclImdb/{train,test}/{pos,neg}/&lt;id&gt;_&lt;rating&gt;.txt</c>, from the extracted directory or straight from
/// the <c>.tar.gz</c> (no extraction). Other entries (<c>train/unsup</c>, <c>*.feat</c>, url lists) are skipped.
/// </summary>
public static class AclImdbReader
{
    private static readonly Regex EntryName = new(@"(?:^|/)aclImdb/(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$", RegexOptions.Compiled);

    /// <summary>What to tell a user whose data is not where they said.</summary>
    public const string HowToObtain =
        "Download the Large Movie Review Dataset (aclImdb_v1.tar.gz, 84 MB) from https://ai.stanford.edu/~amaas/data/sentiment/ " +
        "(or let RnnZoo download it: ImdbDownloader / 'rnnzoo data imdb --download'), and pass the .tar.gz file or the folder that holds aclImdb/.";

    /// <summary>
    /// Reads every labelled review from <paramref name="source"/>: a <c>.tar.gz</c> archive, the <c>aclImdb</c> folder,
    /// or a folder containing it. Sorted by split, label (negative first) and id, so the order never depends on
    /// the file system or the archive.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing at <paramref name="source"/>; the message says how to obtain the data.</exception>
    /// <exception cref="InvalidDataException">A truncated or corrupt archive (names the entry), or no reviews found.</exception>
    public static List<ImdbReview> Read(string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        List<ImdbReview> reviews;
        if (File.Exists(source)) reviews = ReadArchive(source);
        else if (Directory.Exists(source)) reviews = ReadDirectory(source);
        else throw new FileNotFoundException($"No IMDB data at '{Path.GetFullPath(source)}'. {HowToObtain}", source);

        if (reviews.Count == 0)
            throw new InvalidDataException($"'{source}' holds no reviews in the aclImdb layout (aclImdb/{{train,test}}/{{pos,neg}}/<id>_<rating>.txt). {HowToObtain}");
        reviews.Sort((a, b) => (a.Split, a.Label, a.Id).CompareTo((b.Split, b.Label, b.Id)));
        return reviews;
    }

    private static ImdbReview? Parse(string name, Func<string> text)
    {
        var match = EntryName.Match(name.Replace('\\', '/'));
        if (!match.Success) return null;
        var split = match.Groups[1].Value == "train" ? ImdbSplit.Train : ImdbSplit.Test;
        var label = match.Groups[2].Value == "pos" ? 1 : 0;
        return new ImdbReview(split, label, int.Parse(match.Groups[4].Value), int.Parse(match.Groups[3].Value), text());
    }

    private static List<ImdbReview> ReadDirectory(string directory)
    {
        var root = Directory.Exists(Path.Combine(directory, "aclImdb")) ? directory : Path.GetDirectoryName(Path.GetFullPath(directory).TrimEnd('/'))!;
        if (!Directory.Exists(Path.Combine(root, "aclImdb")))
            throw new FileNotFoundException($"'{directory}' is neither the aclImdb folder nor a folder containing it. {HowToObtain}", directory);
        var reviews = new List<ImdbReview>();
        foreach (var split in new[] { "train", "test" })
        foreach (var label in new[] { "pos", "neg" })
        {
            var folder = Path.Combine(root, "aclImdb", split, label);
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.EnumerateFiles(folder, "*.txt"))
            {
                var review = Parse(Path.GetRelativePath(root, file), () => File.ReadAllText(file, Encoding.UTF8));
                if (review is not null) reviews.Add(review);
            }
        }
        return reviews;
    }

    private static List<ImdbReview> ReadArchive(string path)
    {
        var reviews = new List<ImdbReview>();
        var lastEntry = "(none: the archive's first entry)";
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                lastEntry = entry.Name;
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
                var review = Parse(entry.Name, () =>
                {
                    using var reader = new StreamReader(entry.DataStream, Encoding.UTF8);
                    return reader.ReadToEnd();
                });
                if (review is not null) reviews.Add(review);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException or FormatException)
        {
            throw new InvalidDataException(
                $"'{path}' is truncated or corrupt: reading failed at or after entry '{lastEntry}' ({e.Message}). Download the archive again.", e);
        }
        return reviews;
    }
}
