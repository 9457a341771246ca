using System.Formats.Tar;
using System.IO.Compression;

namespace RnnZoo.Tests.Data.Imdb;

/// <summary>A tiny aclImdb tree of made-up reviews, as a folder and as a .tar.gz, in a temporary directory.</summary>
public sealed class ImdbFixture : IDisposable
{
    public static readonly (string Split, string Label, int Id, int Rating, string Text)[] Reviews =
    {
        ("train", "pos", 0, 9, "Good good movie!<br /><br />Loved it."),
        ("train", "pos", 1, 7, "A good story."),
        ("train", "neg", 0, 2, "Bad movie, bad acting."),
        ("train", "neg", 1, 4, "Not good."),
        ("test", "pos", 0, 10, "Good fun."),
        ("test", "neg", 0, 1, "Awful, unseen word."),
    };

    public ImdbFixture()
    {
        Root = Directory.CreateTempSubdirectory("rnnzoo-imdb-").FullName;
        foreach (var r in Reviews)
        {
            var folder = Path.Combine(Root, "aclImdb", r.Split, r.Label);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, $"{r.Id}_{r.Rating}.txt"), r.Text);
        }
        // Files the reader must skip, as in the official archive.
        Directory.CreateDirectory(Path.Combine(Root, "aclImdb", "train", "unsup"));
        File.WriteAllText(Path.Combine(Root, "aclImdb", "train", "unsup", "0_0.txt"), "unlabelled");
        File.WriteAllText(Path.Combine(Root, "aclImdb", "imdb.vocab"), "good\nbad\n");
        Archive = Path.Combine(Root, "aclImdb_v1.tar.gz");
        using (var file = File.Create(Archive))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        using (var tar = new TarWriter(gzip))
        {
            foreach (var path in Directory.EnumerateFiles(Path.Combine(Root, "aclImdb"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                tar.WriteEntry(path, Path.GetRelativePath(Root, path).Replace('\\', '/'));
        }
        Cache = Path.Combine(Root, "cache");
    }

    public string Root { get; }
    public string Folder => Path.Combine(Root, "aclImdb");
    public string Archive { get; }
    public string Cache { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
