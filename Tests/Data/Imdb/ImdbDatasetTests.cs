using RnnZoo.Data.Imdb;
using RnnZoo.Data.Sequences;
using TorchSharp;

namespace RnnZoo.Tests.Data.Imdb;

public class ImdbDatasetTests
{
    private ImdbFixture _fx = null!;

    [OneTimeSetUp] public void Setup() => _fx = new ImdbFixture();
    [OneTimeTearDown] public void TearDown() => _fx.Dispose();

    // Training words of the fixture ranked by count, ties in ordinal order:
    // bad 4, film 3, great 3, a 2, acting 2, i 2, it 2, then and, boring, don't, good, is, loved, recommend, story, the.
    private ImdbDataset Load(ImdbOptions o) => ImdbDataset.Load(_fx.Archive, o with { ShuffleSeed = null }, useCache: false);

    [Test]
    public void Vocabulary_IsRankedOnTheTrainingSplitOnly()
    {
        var d = Load(new ImdbOptions());
        Assert.That(d.Vocabulary.Words.Take(7), Is.EqualTo(new[] { "bad", "film", "great", "a", "acting", "i", "it" }));
        Assert.That(d.Vocabulary.Count, Is.EqualTo(16));
        Assert.That(d.Vocabulary.RankOf("dull"), Is.EqualTo(0), "'dull' is only in the test split");
    }

    [Test]
    public void Sequences_FollowKerasIds_StartOneOovTwoIndexFromThree()
    {
        var d = Load(new ImdbOptions());
        // train/neg/2_1: "A bad film. Bad, bad acting." -> start, a(4+3), bad(1+3), film(2+3), bad, bad, acting(5+3)
        Assert.That(d.Train.Sequences[0], Is.EqualTo(new[] { 1, 7, 4, 5, 4, 4, 8 }));
        Assert.That((d.Train.Labels[0], d.Train.Ratings[0], d.Train.ReviewIds[0]), Is.EqualTo((0, 1, 2)));
        // test/neg/0_2: "Bad film, dull plot." -> dull and plot are out of vocabulary
        Assert.That(d.Test.Sequences[0], Is.EqualTo(new[] { 1, 4, 5, 2, 2 }));
    }

    [Test]
    public void NumWords_CountsTheReservedIds()
    {
        var d = Load(new ImdbOptions(NumWords: 6));
        Assert.That(d.Train.Sequences[0], Is.EqualTo(new[] { 1, 2, 4, 5, 4, 4, 2 }));
        Assert.That(d.IdCount, Is.EqualTo(6));
    }

    [Test]
    public void SkipTop_MakesFrequentIdsOov_IncludingTheStartId()
    {
        var d = Load(new ImdbOptions(SkipTop: 5));
        Assert.That(d.Train.Sequences[0], Is.EqualTo(new[] { 2, 7, 2, 5, 2, 2, 8 }));
    }

    [Test]
    public void DropIfLengthAtLeast_DropsLikeKerasMaxlen()
    {
        // lengths with the start id: 2_1 -> 7, the other training reviews 8
        var d = Load(new ImdbOptions(DropIfLengthAtLeast: 8));
        Assert.That(d.Train.Count, Is.EqualTo(1));
        Assert.That(d.Train.ReviewIds, Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void OovCharNull_RemovesUnknownWords()
    {
        var d = Load(new ImdbOptions(OovChar: null));
        Assert.That(d.Test.Sequences[0], Is.EqualTo(new[] { 1, 4, 5 }));
    }

    [Test]
    public void KeepAsBrToken_RanksBrLikeKeras()
    {
        var d = Load(new ImdbOptions(HtmlBreaks: HtmlBreakHandling.KeepAsBrToken));
        Assert.That(d.Vocabulary.Words.Take(3), Is.EqualTo(new[] { "bad", "br", "film" }));
    }

    [Test]
    public void InvalidOptions_AreRefusedWithTheReason()
    {
        Assert.That(() => Load(new ImdbOptions(DropIfLengthAtLeast: 0)), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("maxlen"));
        Assert.That(() => Load(new ImdbOptions(NumWords: 10, SkipTop: 10)), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("skip_top"));
    }

    [Test]
    public void Shuffle_IsSeeded()
    {
        var a = ImdbDataset.Load(_fx.Archive, new ImdbOptions(ShuffleSeed: 5), useCache: false);
        var b = ImdbDataset.Load(_fx.Archive, new ImdbOptions(ShuffleSeed: 5), useCache: false);
        Assert.That(a.Train.ReviewIds, Is.EqualTo(b.Train.ReviewIds));
        Assert.That(a.Train.Labels, Is.EqualTo(b.Train.Labels));
    }

    [Test]
    public void Cache_SecondLoadComesFromTheCache_AndIsIdentical()
    {
        var cache = Path.Combine(_fx.Root, "cache-" + Guid.NewGuid().ToString("N"));
        var first = ImdbDataset.Load(_fx.Archive, new ImdbOptions(NumWords: 10), cache);
        var second = ImdbDataset.Load(_fx.Archive, new ImdbOptions(NumWords: 10), cache);
        Assert.That(first.FromCache, Is.False);
        Assert.That(second.FromCache, Is.True);
        Assert.That(second.Train.Sequences, Is.EqualTo(first.Train.Sequences));
        Assert.That(second.Test.Sequences, Is.EqualTo(first.Test.Sequences));
        Assert.That(second.Vocabulary.Words, Is.EqualTo(first.Vocabulary.Words));
        // Other tokenisation: another cache entry.
        var br = ImdbDataset.Load(_fx.Archive, new ImdbOptions(HtmlBreaks: HtmlBreakHandling.KeepAsBrToken), cache);
        Assert.That(br.FromCache, Is.False);
        Assert.That(Directory.GetFiles(Path.Combine(cache, "imdb")), Has.Length.EqualTo(2));
    }

    [Test]
    public void DamagedCache_IsRebuilt_NotUsedInPart()
    {
        var cache = Path.Combine(_fx.Root, "cache-" + Guid.NewGuid().ToString("N"));
        var first = ImdbDataset.Load(_fx.Tree, null, cache);
        var file = Directory.GetFiles(Path.Combine(cache, "imdb")).Single();
        var bytes = File.ReadAllBytes(file);
        File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
        var again = ImdbDataset.Load(_fx.Tree, null, cache);
        Assert.That(again.FromCache, Is.False);
        Assert.That(again.Train.Sequences, Is.EqualTo(first.Train.Sequences));
    }

    [Test]
    public void ValidationSplit_LastFraction_LikeKeras()
    {
        var d = Load(new ImdbOptions());
        var (train, val) = d.Train.SplitLast(0.25);
        Assert.That(train.Count, Is.EqualTo(3));
        Assert.That(val.ReviewIds, Is.EqualTo(new[] { d.Train.ReviewIds[3] }));
        var (t2, v2) = d.Train.SplitShuffled(0.5, seed: 3);
        Assert.That(t2.Count + v2.Count, Is.EqualTo(4));
        Assert.That(t2.ReviewIds.Concat(v2.ReviewIds).Order(), Is.EqualTo(d.Train.ReviewIds.Order()));
        Assert.That(() => d.Train.SplitLast(0.8), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Pad_GivesIdsAndLengths()
    {
        using var scope = torch.NewDisposeScope();
        var d = Load(new ImdbOptions());
        var p = d.Train.Pad(6, PaddingSide.Post);
        Assert.That(p.Ids.shape, Is.EqualTo(new long[] { 4, 6 }));
        Assert.That(p.Lengths.data<long>().ToArray(), Is.EqualTo(new long[] { 6, 6, 6, 6 }));
        Assert.That(p.Labels!.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 0, 1, 1 }));
    }
}
