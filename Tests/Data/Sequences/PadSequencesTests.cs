using RnnZoo.Data.Sequences;

namespace RnnZoo.Tests.Data.Sequences;

/// <summary>The cases of Keras' pad_sequences documentation.</summary>
[TestFixture]
public class PadSequencesTests
{
    private static readonly int[][] Sequences = { new[] { 1 }, new[] { 2, 3 }, new[] { 4, 5, 6 } };

    private static long[][] Rows(PaddedSequences p) => Enumerable.Range(0, p.Count).Select(i => p.Values[(i * p.MaxLen)..((i + 1) * p.MaxLen)]).ToArray();

    [Test]
    public void Default_PrePadsToTheLongest()
    {
        var p = PadSequences.Pad(Sequences);
        Assert.That(Rows(p), Is.EqualTo(new[] { new long[] { 0, 0, 1 }, new long[] { 0, 2, 3 }, new long[] { 4, 5, 6 } }));
        Assert.That(p.Lengths, Is.EqualTo(new long[] { 1, 2, 3 }));
    }

    [Test]
    public void Value_PostPadding_MaxLenWithPreAndPostTruncating()
    {
        Assert.That(Rows(PadSequences.Pad(Sequences, value: -1)), Is.EqualTo(new[] { new long[] { -1, -1, 1 }, new long[] { -1, 2, 3 }, new long[] { 4, 5, 6 } }));
        Assert.That(Rows(PadSequences.Pad(Sequences, padding: PadSide.Post)), Is.EqualTo(new[] { new long[] { 1, 0, 0 }, new long[] { 2, 3, 0 }, new long[] { 4, 5, 6 } }));
        var pre = PadSequences.Pad(Sequences, maxLen: 2);
        Assert.That(Rows(pre), Is.EqualTo(new[] { new long[] { 0, 1 }, new long[] { 2, 3 }, new long[] { 5, 6 } }));
        Assert.That(pre.Lengths, Is.EqualTo(new long[] { 1, 2, 2 }));
        Assert.That(Rows(PadSequences.Pad(Sequences, maxLen: 2, truncating: PadSide.Post)), Is.EqualTo(new[] { new long[] { 0, 1 }, new long[] { 2, 3 }, new long[] { 4, 5 } }));
        Assert.That(() => PadSequences.Pad(Sequences, maxLen: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void LengthStatistics_MedianPercentileAndShare()
    {
        var s = LengthStatistics.Of(new[] { 1, 2, 3, 4, 10 }, maxLen: 3);
        Assert.That(s.Median, Is.EqualTo(3));
        Assert.That(s.Percentile90, Is.EqualTo(7.6).Within(1e-9)); // 4 + 0.6 * (10 − 4)
        Assert.That(s.ShareLongerThanMaxLen, Is.EqualTo(0.4));
    }
}
