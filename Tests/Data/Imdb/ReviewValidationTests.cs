using System.Text;
using RnnZoo.Data.Imdb;

namespace RnnZoo.Tests.Data.Imdb;

/// <summary>Review files that are not valid reviews are an error naming them (or skipped when asked), from a folder
/// and from an archive alike, and the token cache never lets one through.</summary>
public class ReviewValidationTests
{
    private readonly List<ImdbFixture> _fixtures = [];

    [TearDown]
    public void TearDown()
    {
        foreach (var f in _fixtures) f.Dispose();
        _fixtures.Clear();
    }

    private ImdbFixture Fixture(params (string Path, byte[] Bytes)[] extra)
    {
        var f = new ImdbFixture(extra);
        _fixtures.Add(f);
        return f;
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    // One invalid file each: where it is, its bytes, and words the problem must contain.
    public static IEnumerable<TestCaseData> InvalidFiles()
    {
        foreach (var archive in new[] { false, true })
        {
            string Where(string name) => (archive ? "archive: " : "folder: ") + name;
            yield return new TestCaseData(archive, "train/pos/5_9.txt", Utf8("A fine film\0\u0001\u0002"), "binary: a NUL byte at offset 11").SetName(Where("NulByte"));
            yield return new TestCaseData(archive, "train/pos/5_9.txt", Utf8("\u0001\u0002\u0003\u0004ab\u0005\u0006"), "binary: 6 control characters").SetName(Where("ControlCharacters"));
            yield return new TestCaseData(archive, "test/neg/5_2.txt", new byte[] { 0x42, 0x61, 0x64, 0x20, 0xC3, 0x28, 0x21 }, "not valid UTF-8: byte 0xC3 at offset 4").SetName(Where("InvalidUtf8"));
            yield return new TestCaseData(archive, "test/neg/5_2.txt", new byte[] { 0x42, 0x61, 0x64, 0xFF }, "not valid UTF-8: byte 0xFF at offset 3").SetName(Where("TruncatedUtf8"));
            yield return new TestCaseData(archive, "train/neg/5_1.txt", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Bad film")).ToArray(), "UTF-16").SetName(Where("Utf16"));
            yield return new TestCaseData(archive, "train/neg/5_1.txt", Array.Empty<byte>(), "empty: 0 bytes").SetName(Where("Empty"));
            yield return new TestCaseData(archive, "train/neg/5_1.txt", Utf8(" \n\t\r\n "), "empty: only white space").SetName(Where("WhiteSpaceOnly"));
            yield return new TestCaseData(archive, "train/pos/review.txt", Utf8("A fine film."), "misnamed: a review is named ID_RATING.txt").SetName(Where("NotIdRating"));
            yield return new TestCaseData(archive, "train/pos/5_9.TXT", Utf8("A fine film."), "misnamed").SetName(Where("WrongExtension"));
            yield return new TestCaseData(archive, "train/pos/5_9.txt.bak", Utf8("A fine film."), "misnamed").SetName(Where("Backup"));
            yield return new TestCaseData(archive, "test/pos/x_9.txt", Utf8("A fine film."), "misnamed").SetName(Where("IdNotInteger"));
            yield return new TestCaseData(archive, "test/pos/99999999999_9.txt", Utf8("A fine film."), "misnamed: id 99999999999 is too large").SetName(Where("IdTooLarge"));
            yield return new TestCaseData(archive, "test/pos/5_11.txt", Utf8("A fine film."), "misnamed: rating 11 is not 1-10").SetName(Where("RatingAbove10"));
            yield return new TestCaseData(archive, "test/neg/5_0.txt", Utf8("A bad film."), "misnamed: rating 0 is not 1-10").SetName(Where("RatingZero"));
            yield return new TestCaseData(archive, "train/pos/5_3.txt", Utf8("A fine film."), "rating 3 contradicts its folder pos, which holds ratings 7-10").SetName(Where("LowRatingInPos"));
            yield return new TestCaseData(archive, "test/neg/5_8.txt", Utf8("A bad film."), "rating 8 contradicts its folder neg, which holds ratings 1-4").SetName(Where("HighRatingInNeg"));
            yield return new TestCaseData(archive, "train/pos/5_5.txt", Utf8("So-so."), "rating 5 contradicts its folder pos").SetName(Where("NeutralRating"));
            yield return new TestCaseData(archive, "train/pos/1_9.txt", Utf8("Another review of id 1."), (archive ? "duplicate id 1: aclImdb/" : "duplicate id 1: ") + "train/pos/1_8.txt has it too").SetName(Where("DuplicateId"));
        }
    }

    [TestCaseSource(nameof(InvalidFiles))]
    public void InvalidFile_IsAnError_NamingItAndItsProblem(bool archive, string path, byte[] bytes, string problem)
    {
        var fx = Fixture((path, bytes));
        var source = archive ? fx.Archive : fx.Tree;
        var e = Assert.Throws<InvalidReviewFilesException>(() => AclImdbReader.ReadAll(source))!;
        var name = archive ? "aclImdb/" + path : path;
        Assert.That(e.Files, Has.Count.EqualTo(1));
        Assert.That(e.Files[0].Path, Is.EqualTo(name));
        Assert.That(e.Files[0].Problem, Does.Contain(problem));
        Assert.That(e.Message, Does.StartWith($"1 invalid review file in '{source}': {name} ("));
        Assert.That(e.Message, Does.Contain(problem).And.Contain("--skip-invalid").And.Not.Contain("\n"));
        // ImdbDataset reads through the same checks, with or without its cache.
        Assert.That(() => ImdbDataset.Load(source, useCache: false), Throws.InstanceOf<InvalidReviewFilesException>());
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ManyInvalidFiles_TheFirstFiveAreNamed_WithTheCount(bool archive)
    {
        var extra = Enumerable.Range(10, 7).Select(i => ($"train/neg/{i}_9.txt", Utf8("Contradicts its folder."))).ToArray();
        var fx = Fixture(extra);
        var e = Assert.Throws<InvalidReviewFilesException>(() => AclImdbReader.ReadAll(archive ? fx.Archive : fx.Tree))!;
        Assert.That(e.Files, Has.Count.EqualTo(7));
        Assert.That(e.Message, Does.StartWith("7 invalid review files in '"));
        Assert.That(e.Message, Does.Contain("train/neg/14_9.txt (rating 9 contradicts").And.Contain("; and 2 more."));
        Assert.That(e.Message, Does.Not.Contain("15_9").And.Not.Contain("16_9"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void SkipInvalid_LeavesThemOut_WithTheCount_AndAddsNoJunkWords(bool archive)
    {
        var binary = new byte[400];
        new Random(1).NextBytes(binary);
        var fx = Fixture(("train/pos/5_9.txt", binary), ("train/neg/6_9.txt", Utf8("zebra zebra")), ("train/neg/notes.txt", Utf8("zebra")),
            ("test/pos/7_8.txt", Array.Empty<byte>()));
        var source = archive ? fx.Archive : fx.Tree;
        var read = AclImdbReader.Read(source, skipInvalid: true);
        var clean = Fixture();
        Assert.That(read.Reviews, Is.EqualTo(AclImdbReader.ReadAll(archive ? clean.Archive : clean.Tree)));
        Assert.That(read.Skipped.Select(f => f.Path.Replace("aclImdb/", "")),
            Is.EqualTo(new[] { "test/pos/7_8.txt", "train/neg/6_9.txt", "train/neg/notes.txt", "train/pos/5_9.txt" }));

        var d = ImdbDataset.Load(source, new ImdbOptions(SkipInvalid: true), useCache: false);
        Assert.That(d.Skipped, Has.Count.EqualTo(4));
        Assert.That((d.Train.Count, d.Test.Count), Is.EqualTo((4, 4)));
        Assert.That(d.Vocabulary.Count, Is.EqualTo(16), "the fixture's 16 training words, nothing from the skipped files");
        Assert.That(d.Vocabulary.RankOf("zebra"), Is.EqualTo(0));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void RealText_IsAccepted_ByteOrderMarkRemoved(bool archive)
    {
        // What the official reviews hold: Windows-1252 punctuation read as C1 controls (U+0085, U+0096), a backspace,
        // tabs, accents; a UTF-8 byte-order mark is dropped. Hidden files (a Finder's .DS_Store) are not reviews.
        const string text = "Caf\u00e9 \u2013 fine\u0085 really\u0096 good\ttwice\b, 5/5";
        var fx = Fixture(("train/pos/5_9.txt", Encoding.UTF8.GetPreamble().Concat(Utf8(text)).ToArray()), ("train/pos/.DS_Store", [0, 0, 0, 1, 0x42]));
        var review = AclImdbReader.ReadAll(archive ? fx.Archive : fx.Tree).Single(r => r.Id == 5);
        Assert.That((review.Split, review.Label, review.Rating, review.Text), Is.EqualTo((ImdbSplitName.Train, 1, 9, text)));
    }

    [Test]
    public void AFolderWithOnlyInvalidReviews_IsNotAPartialResult_EvenWhenSkipping()
    {
        var fx = Fixture();
        foreach (var f in Directory.GetFiles(Path.Combine(fx.Tree, "test", "pos"))) File.WriteAllBytes(f, []);
        var e = Assert.Throws<InvalidDataException>(() => AclImdbReader.Read(fx.Tree, skipInvalid: true))!;
        Assert.That(e.Message, Does.Contain("holds no valid review in aclImdb/test/pos"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void CacheMadeWhileSkipping_DoesNotServeAStrictLoad(bool archive)
    {
        var fx = Fixture(("train/pos/5_3.txt", Utf8("Contradicts its folder.")));
        var source = archive ? fx.Archive : fx.Tree;
        var cache = Path.Combine(fx.Root, "cache");
        var skipping = ImdbDataset.Load(source, new ImdbOptions(SkipInvalid: true), cache);
        var again = ImdbDataset.Load(source, new ImdbOptions(SkipInvalid: true), cache);
        Assert.That((skipping.FromCache, again.FromCache), Is.EqualTo((false, true)));
        Assert.That(again.Skipped, Is.EqualTo(skipping.Skipped));
        Assert.That(again.Skipped.Single().Problem, Does.Contain("rating 3 contradicts"));
        var e = Assert.Throws<InvalidReviewFilesException>(() => ImdbDataset.Load(source, new ImdbOptions(), cache))!;
        Assert.That(e.Message, Does.Contain("5_3.txt (rating 3 contradicts its folder pos"));
    }

    [Test]
    public void CacheOfAValidFolder_IsNotUsedOnceAReviewIsRenamedOrRewritten()
    {
        var fx = Fixture();
        var cache = Path.Combine(fx.Root, "cache");
        Assert.That(ImdbDataset.Load(fx.Tree, null, cache).FromCache, Is.False);
        Assert.That(ImdbDataset.Load(fx.Tree, null, cache).FromCache, Is.True);

        // A rename keeps the size and the modification time: the key must still change.
        var good = Path.Combine(fx.Tree, "train", "pos", "1_8.txt");
        var misnamed = Path.Combine(fx.Tree, "train", "pos", "1_2.txt");
        File.Move(good, misnamed);
        Assert.That(() => ImdbDataset.Load(fx.Tree, null, cache), Throws.InstanceOf<InvalidReviewFilesException>().With.Message.Contains("1_2.txt (rating 2 contradicts"));
        File.Move(misnamed, good);
        Assert.That(ImdbDataset.Load(fx.Tree, null, cache).FromCache, Is.True);

        // The same bytes count but binary content, written later.
        var when = File.GetLastWriteTimeUtc(good);
        var length = new FileInfo(good).Length;
        File.WriteAllBytes(good, new byte[length]);
        File.SetLastWriteTimeUtc(good, when.AddSeconds(1));
        Assert.That(() => ImdbDataset.Load(fx.Tree, null, cache), Throws.InstanceOf<InvalidReviewFilesException>().With.Message.Contains("binary: a NUL byte"));
    }

    [Test]
    public void CacheOfAValidArchive_IsNotUsedForAnotherArchiveOfTheSameSizeAndTime()
    {
        var fx = Fixture();
        var cache = Path.Combine(fx.Root, "cache");
        ImdbDataset.Load(fx.Archive, null, cache);
        Assert.That(ImdbDataset.Load(fx.Archive, null, cache).FromCache, Is.True);
        // Same length and modification time, other content: the archive's hash is in the key.
        var bytes = File.ReadAllBytes(fx.Archive);
        var when = File.GetLastWriteTimeUtc(fx.Archive);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(fx.Archive, bytes);
        File.SetLastWriteTimeUtc(fx.Archive, when);
        Assert.That(() => ImdbDataset.Load(fx.Archive, null, cache), Throws.InstanceOf<InvalidDataException>());
    }
}
