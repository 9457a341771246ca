using System.Net;
using RnnZoo.Data.Imdb;

namespace RnnZoo.Tests.Data.Imdb;

[TestFixture]
public class ImdbDatasetTests
{
    private ImdbFixture _fixture = null!;

    [SetUp] public void SetUp() => _fixture = new ImdbFixture();
    [TearDown] public void TearDown() => _fixture.Dispose();

    [Test]
    public void Reader_FolderAndArchive_GiveTheSameLabelledReviewsWithRatings()
    {
        var fromFolder = AclImdbReader.Read(_fixture.Folder);
        var fromArchive = AclImdbReader.Read(_fixture.Archive);
        Assert.That(fromArchive, Is.EqualTo(fromFolder));
        Assert.That(fromFolder, Has.Count.EqualTo(6), "train/unsup and imdb.vocab are skipped");
        Assert.That(fromFolder[0], Is.EqualTo(new ImdbReview(ImdbSplit.Train, 0, 2, 0, "Bad movie, bad acting.")));
        Assert.That(fromFolder.Count(r => r.Split == ImdbSplit.Test && r.Label == 1 && r.Rating == 10), Is.EqualTo(1));
        Assert.That(ImdbSource.Resolve(_fixture.Root), Is.EqualTo(_fixture.Folder));
    }

    [Test]
    public void Load_FollowsKerasConventions_OnAWorkedExample()
    {
        // Training words (br removed, lower-cased, punctuation filtered):
        //   good ×4 (good good / good story / not good), movie ×2, bad ×2, a, acting, it, loved, not, story ×1
        // Ranks by count, ties in ordinal order: good 1, bad 2, movie 3, a 4, acting 5, it 6, loved 7, not 8, story 9
        // Ids = rank + index_from (3): good 4, bad 5, movie 6, a 7, ...; 1 starts every review; 2 is out of vocabulary.
        var data = ImdbDataset.Load(_fixture.Archive, new ImdbOptions(NumWords: 7), cacheDirectory: "");
        Assert.That(data.Words, Is.EqualTo(new[] { "good", "bad", "movie", "a", "acting", "it", "loved", "not", "story" }));
        // "Bad movie, bad acting." -> [1, bad 5, movie 6, bad 5, acting 8 -> oov (>= num_words 7)]
        Assert.That(data.Train.Sequences[0], Is.EqualTo(new[] { 1, 5, 6, 5, 2 }));
        // "Good good movie! Loved it." -> [1, 4, 4, 6, loved 10 -> 2, it 9 -> 2]
        Assert.That(data.Train.Sequences[2], Is.EqualTo(new[] { 1, 4, 4, 6, 2, 2 }));
        // Test: "Awful, unseen word." has no training word: all out of vocabulary.
        Assert.That(data.Test.Sequences[0], Is.EqualTo(new[] { 1, 2, 2, 2 }));
        Assert.That(data.Train.Labels, Is.EqualTo(new long[] { 0, 0, 1, 1 }));
        Assert.That(data.Train.Ratings, Is.EqualTo(new[] { 2, 4, 9, 7 }));
        Assert.That(data.Decode(data.Train.Sequences[0]), Is.EqualTo("<start> bad movie bad <oov>"));
    }

    [Test]
    public void Load_SkipTop_MaxLenDropAndTruncate_KeepLineBreaks()
    {
        var skip = ImdbDataset.Load(_fixture.Folder, new ImdbOptions(SkipTop: 5), cacheDirectory: "");
        // Ids below 5 become 2: the start id 1 too (Keras applies the rule to every id), and "good" (4).
        Assert.That(skip.Train.Sequences[2], Is.EqualTo(new[] { 2, 2, 2, 6, 10, 9 }));

        var drop = ImdbDataset.Load(_fixture.Folder, new ImdbOptions(MaxLen: 5, MaxLenMode: MaxLenMode.Drop), cacheDirectory: "");
        Assert.That(drop.Train.Count, Is.EqualTo(2), "Keras' load_data drops reviews with len >= maxlen (start id counted): lengths 5 and 6 go");
        var truncated = ImdbDataset.Load(_fixture.Folder, new ImdbOptions(MaxLen: 3), cacheDirectory: "");
        Assert.That(truncated.Train.Sequences[2], Is.EqualTo(new[] { 6, 10, 9 }), "pad_sequences' truncating='pre' keeps the last ids");

        var keras = ImdbDataset.Load(_fixture.Folder, new ImdbOptions(KeepLineBreaks: true), cacheDirectory: "");
        Assert.That(keras.Words, Does.Contain("br"));
        Assert.That(() => new ImdbOptions(MaxLen: 0).Validate(), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("MaxLen"));
    }

    [Test]
    public void Load_SecondTimeComesFromTheCache_AndADamagedCacheIsRebuilt()
    {
        var first = ImdbDataset.Load(_fixture.Archive, new ImdbOptions(NumWords: 7), _fixture.Cache);
        var cacheFile = Directory.GetFiles(_fixture.Cache).Single();
        // Remove the source folder's twin: the archive stays, but a cached load does not read it.
        var second = ImdbDataset.Load(_fixture.Archive, new ImdbOptions(NumWords: 7), _fixture.Cache);
        Assert.That(second.Train.Sequences, Is.EqualTo(first.Train.Sequences));
        Assert.That(second.Words, Is.EqualTo(first.Words));

        File.WriteAllBytes(cacheFile, File.ReadAllBytes(cacheFile)[..10]);
        var rebuilt = ImdbDataset.Load(_fixture.Archive, new ImdbOptions(NumWords: 7), _fixture.Cache);
        Assert.That(rebuilt.Train.Sequences, Is.EqualTo(first.Train.Sequences));
    }

    [Test]
    public void ValidationSplit_TakesTheLastFraction_OrASeededShuffle()
    {
        var data = ImdbDataset.Load(_fixture.Folder, cacheDirectory: "");
        var (train, validation) = data.SplitValidation(0.25);
        Assert.That(train.Count, Is.EqualTo(3));
        Assert.That(validation.Sequences[0], Is.EqualTo(data.Train.Sequences[3]));
        var (a, _) = data.SplitValidation(0.5, shuffleSeed: 3);
        var (b, _) = data.SplitValidation(0.5, shuffleSeed: 3);
        Assert.That(a.Sequences, Is.EqualTo(b.Sequences));
    }

    [Test]
    public void BadInput_SaysWhereAndHow()
    {
        Assert.That(() => AclImdbReader.Read(Path.Combine(_fixture.Root, "nowhere")),
            Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("ai.stanford.edu"));
        var truncated = Path.Combine(_fixture.Root, "truncated.tar.gz");
        var bytes = File.ReadAllBytes(_fixture.Archive);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length * 2 / 3)]);
        Assert.That(() => AclImdbReader.Read(truncated), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("truncated or corrupt").And.Message.Contains("entry"));
        Assert.That(() => ImdbSource.Resolve(Path.Combine(_fixture.Root, "cache")), Throws.InstanceOf<FileNotFoundException>());
    }

    [Test]
    public async Task Download_FromLocalServer_VerifiesChecksumAndRenamesOnlyWhenComplete()
    {
        var payload = File.ReadAllBytes(_fixture.Archive);
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await listener.GetContextAsync();
                context.Response.ContentLength64 = payload.Length;
                await context.Response.OutputStream.WriteAsync(payload);
                context.Response.Close();
            }
        });
        var url = $"http://127.0.0.1:{port}/aclImdb_v1.tar.gz";
        var target = Path.Combine(_fixture.Root, "download");
        var sha = await ImdbDownloader.HashAsync(_fixture.Archive);
        var reports = new List<long>();
        var path = await ImdbDownloader.DownloadAsync(url, target, sha, new Progress<(long Bytes, long? Total)>(p => reports.Add(p.Bytes)));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(payload));
        Assert.That(AclImdbReader.Read(path), Has.Count.EqualTo(6));

        var wrong = Path.Combine(_fixture.Root, "download-wrong");
        Assert.That(async () => await ImdbDownloader.DownloadAsync(url, wrong, new string('0', 64)),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains("SHA-256"));
        Assert.That(Directory.GetFiles(wrong), Is.Empty, "nothing left behind after a failed check");
        await serving.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
