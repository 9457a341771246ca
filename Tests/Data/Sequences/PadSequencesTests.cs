using RnnZoo.Data.Sequences;
using TorchSharp;

namespace RnnZoo.Tests.Data.Sequences;

public class PadSequencesTests
{
    private static readonly int[][] Docs = [[1], [2, 3], [4, 5, 6]];

    private static long[][] Rows(long[] flat, int width) =>
        Enumerable.Range(0, flat.Length / width).Select(r => flat[(r * width)..((r + 1) * width)]).ToArray();

    // The four cases below are the examples of keras.utils.pad_sequences' documentation.
    [Test]
    public void Defaults_PrePad()
    {
        var (ids, lengths, w) = PadSequences.PadToArrays(Docs);
        Assert.That(Rows(ids, w), Is.EqualTo(new[] { new long[] { 0, 0, 1 }, [0, 2, 3], [4, 5, 6] }));
        Assert.That(lengths, Is.EqualTo(new long[] { 1, 2, 3 }));
    }

    [Test]
    public void Value_FillsPadding()
    {
        var (ids, _, w) = PadSequences.PadToArrays(Docs, value: -1);
        Assert.That(Rows(ids, w), Is.EqualTo(new[] { new long[] { -1, -1, 1 }, [-1, 2, 3], [4, 5, 6] }));
    }

    [Test]
    public void PaddingPost()
    {
        var (ids, _, w) = PadSequences.PadToArrays(Docs, padding: PaddingSide.Post);
        Assert.That(Rows(ids, w), Is.EqualTo(new[] { new long[] { 1, 0, 0 }, [2, 3, 0], [4, 5, 6] }));
    }

    [Test]
    public void MaxLen2_TruncatesPre()
    {
        var (ids, lengths, w) = PadSequences.PadToArrays(Docs, maxlen: 2);
        Assert.That(Rows(ids, w), Is.EqualTo(new[] { new long[] { 0, 1 }, [2, 3], [5, 6] }));
        Assert.That(lengths, Is.EqualTo(new long[] { 1, 2, 2 }));
    }

    [Test]
    public void MaxLen2_TruncatingPost_KeepsTheStart()
    {
        var (ids, _, w) = PadSequences.PadToArrays(Docs, maxlen: 2, padding: PaddingSide.Post, truncating: PaddingSide.Post);
        Assert.That(Rows(ids, w), Is.EqualTo(new[] { new long[] { 1, 0 }, [2, 3], [4, 5] }));
    }

    [Test]
    public void EmptySequence_IsAllPadding_WithLengthZero()
    {
        var (ids, lengths, _) = PadSequences.PadToArrays([[], [7]], maxlen: 2);
        Assert.That(ids, Is.EqualTo(new long[] { 0, 0, 0, 7 }));
        Assert.That(lengths, Is.EqualTo(new long[] { 0, 1 }));
    }

    [Test]
    public void MaxLenZero_IsRefused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PadSequences.PadToArrays(Docs, maxlen: 0));
        Assert.That(e!.Message, Does.Contain("maxlen must be positive"));
    }

    [Test]
    public void Pad_MakesInt64Tensors_WithLengthsAndLabels()
    {
        using var scope = torch.NewDisposeScope();
        var p = PadSequences.Pad(Docs, 4, PaddingSide.Post, labels: [0, 1, 1]);
        Assert.That(p.Ids.shape, Is.EqualTo(new long[] { 3, 4 }));
        Assert.That(p.Ids.dtype, Is.EqualTo(torch.ScalarType.Int64));
        Assert.That(p.Lengths.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(p.Labels!.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 1, 1 }));
        Assert.That(p.Padding, Is.EqualTo(PaddingSide.Post));
    }
}
