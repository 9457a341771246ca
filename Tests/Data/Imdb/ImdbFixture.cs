using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace RnnZoo.Tests.Data.Imdb;

/// <summary>A tiny made-up aclImdb tree (2 reviews per split and label) and its .tar.gz, written to a temp folder;
/// <c>extra</c> files (paths relative to aclImdb/, raw bytes) go into both.</summary>
public sealed class ImdbFixture : IDisposable
{
    public static readonly (string Path, string Text)[] Reviews =
    [
        ("train/pos/0_9.txt", "A great film.<br /><br />Great acting, great story!"),
        ("train/pos/1_8.txt", "I loved it; the film is good."),
        ("train/neg/2_1.txt", "A bad film. Bad, bad acting."),
        ("train/neg/3_3.txt", "Boring and bad.<br />I don't recommend it."),
        ("test/pos/0_10.txt", "Great fun, a superb film!"),
        ("test/pos/1_7.txt", "Good film."),
        ("test/neg/0_2.txt", "Bad film, dull plot."),
        ("test/neg/1_4.txt", "Not good."),
    ];

    public ImdbFixture(IEnumerable<(string Path, byte[] Bytes)>? extra = null)
    {
        Extra = extra?.ToArray() ?? [];
        Root = Path.Combine(Path.GetTempPath(), "rnnzoo-imdb-" + Guid.NewGuid().ToString("N"));
        Tree = Path.Combine(Root, "aclImdb");
        foreach (var (rel, text) in Reviews)
        {
            var file = Path.Combine(Tree, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
        foreach (var (rel, bytes) in Extra)
        {
            var file = Path.Combine(Tree, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, bytes);
        }
        File.WriteAllText(Path.Combine(Tree, "imdb.vocab"), "the\nand\n");
        Directory.CreateDirectory(Path.Combine(Tree, "train", "unsup"));
        File.WriteAllText(Path.Combine(Tree, "train", "unsup", "0_0.txt"), "unlabelled, must be skipped");
        Archive = Path.Combine(Root, "archives", "aclImdb_v1.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(Archive)!);
        WriteArchive(Archive);
        Cache = Path.Combine(Root, "cache");
    }

    public string Root { get; }
    public string Tree { get; }
    public string Archive { get; }
    public string Cache { get; }
    public (string Path, byte[] Bytes)[] Extra { get; }

    private void WriteArchive(string path)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "aclImdb/"));
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "aclImdb/README") { DataStream = new MemoryStream("readme"u8.ToArray()) });
        foreach (var (rel, text) in Reviews)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "aclImdb/" + rel) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        foreach (var (rel, bytes) in Extra)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "aclImdb/" + rel) { DataStream = new MemoryStream(bytes) });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "aclImdb/train/unsup/0_0.txt") { DataStream = new MemoryStream("unlabelled"u8.ToArray()) });
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
