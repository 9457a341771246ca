using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Tests.Experiments.Diagnostics;

[TestFixture]
public class CacheFolderContentsTests
{
    [Test]
    public void Read_ListsTopLevelEntries_WithTheirSizes_LargestFirst()
    {
        var root = Directory.CreateTempSubdirectory("rnnzoo-cache-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "imdb", "tokens"));
            File.WriteAllBytes(Path.Combine(root, "imdb", "a.bin"), new byte[3000]);
            File.WriteAllBytes(Path.Combine(root, "imdb", "tokens", "b.bin"), new byte[2000]);
            File.WriteAllBytes(Path.Combine(root, "note.txt"), new byte[10]);
            var contents = CacheFolderContents.Read(root);
            Assert.That(contents.Exists, Is.True);
            Assert.That(contents.Entries, Is.EqualTo(new[] { ("imdb/", 5000L), ("note.txt", 10L) }));
            Assert.That(contents.Describe(), Is.EqualTo($"{root}: 4 KB in 2 entries: imdb/ 4 KB, note.txt 10 B"));

            var missing = CacheFolderContents.Read(Path.Combine(root, "none"));
            Assert.That(missing.Exists, Is.False);
            Assert.That(missing.Describe(), Does.EndWith(": not created yet (downloads and caches go there)"));
        }
        finally { Directory.Delete(root, true); }
    }

    [Test]
    public void Size_UsesPowersOf1024()
    {
        Assert.That(new[] { 1023L, 1024L, 5L * 1024 * 1024 + 512 * 1024, 3L << 30 }.Select(CacheFolderContents.Size),
            Is.EqualTo(new[] { "1023 B", "1 KB", "5.5 MB", "3.0 GB" }));
    }
}
