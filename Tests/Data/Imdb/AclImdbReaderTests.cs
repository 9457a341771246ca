using RnnZoo.Data.Imdb;

namespace RnnZoo.Tests.Data.Imdb;

public class AclImdbReaderTests
{
    private ImdbFixture _fx = null!;

    [OneTimeSetUp] public void Setup() => _fx = new ImdbFixture();
    [OneTimeTearDown] public void TearDown() => _fx.Dispose();

    [Test]
    public void ReadAll_Directory_FindsLabelledReviewsWithRatings_SkipsUnsup()
    {
        var reviews = AclImdbReader.ReadAll(_fx.Root);
        Assert.That(reviews, Has.Count.EqualTo(8));
        Assert.That(reviews.Count(r => r.Split == ImdbSplitName.Train && r.Label == 1), Is.EqualTo(2));
        var first = reviews[0];
        Assert.That((first.Split, first.Label, first.Id, first.Rating), Is.EqualTo((ImdbSplitName.Train, 0, 2, 1)));
        Assert.That(reviews.Single(r => r.Split == ImdbSplitName.Test && r.Id == 0 && r.Label == 1).Rating, Is.EqualTo(10));
        Assert.That(reviews.Select(r => r.Text), Has.None.Contains("unlabelled"));
    }

    [Test]
    public void ReadAll_Archive_GivesTheSameReviewsAsTheDirectory()
    {
        var fromDir = AclImdbReader.ReadAll(_fx.Tree);
        var fromTar = AclImdbReader.ReadAll(_fx.Archive);
        Assert.That(fromTar, Is.EqualTo(fromDir));
    }

    [Test]
    public void Locate_FolderHoldingTheArchive_FindsIt()
    {
        Assert.That(AclImdbReader.Locate(Path.GetDirectoryName(_fx.Archive)!), Is.EqualTo(_fx.Archive));
    }

    [Test]
    public void MissingPath_SaysWhereDataIsExpectedAndHowToGetIt()
    {
        var missing = Path.Combine(_fx.Root, "nowhere");
        var e = Assert.Throws<FileNotFoundException>(() => AclImdbReader.ReadAll(missing));
        Assert.That(e!.Message, Does.Contain(missing).And.Contain("aclImdb_v1.tar.gz").And.Contain(AclImdbReader.OfficialPage));
    }

    [Test]
    public void EmptyFolder_ListsThePlacesLookedAt()
    {
        var empty = Path.Combine(_fx.Root, "empty");
        Directory.CreateDirectory(empty);
        var e = Assert.Throws<FileNotFoundException>(() => AclImdbReader.Locate(empty));
        Assert.That(e!.Message, Does.Contain(Path.Combine(empty, "aclImdb")).And.Contain("imdb"));
    }

    [Test]
    public void TruncatedArchive_IsRefused_NamingTheEntry()
    {
        var bytes = File.ReadAllBytes(_fx.Archive);
        var cut = Path.Combine(_fx.Root, "cut.tar.gz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);
        var e = Assert.Throws<InvalidDataException>(() => AclImdbReader.ReadAll(cut));
        Assert.That(e!.Message, Does.Contain("truncated or corrupt").And.Contain("entry '"));
    }

    [Test]
    public void CorruptArchive_IsRefused()
    {
        var bytes = File.ReadAllBytes(_fx.Archive);
        for (int i = 40; i < bytes.Length - 20; i += 7) bytes[i] ^= 0x5A;
        var bad = Path.Combine(_fx.Root, "bad.tar.gz");
        File.WriteAllBytes(bad, bytes);
        Assert.Throws<InvalidDataException>(() => AclImdbReader.ReadAll(bad));
    }

    [Test]
    public void ArchiveWithoutTestSplit_IsNotAPartialResult()
    {
        var partial = Path.Combine(_fx.Root, "partial");
        foreach (var (rel, text) in ImdbFixture.Reviews.Where(r => r.Path.StartsWith("train")))
        {
            var f = Path.Combine(partial, "aclImdb", rel);
            Directory.CreateDirectory(Path.GetDirectoryName(f)!);
            File.WriteAllText(f, text);
        }
        Directory.CreateDirectory(Path.Combine(partial, "aclImdb", "test"));
        Assert.That(() => AclImdbReader.ReadAll(partial), Throws.InstanceOf<IOException>());
    }
}
