using RnnZoo.Data.Batching;
using RnnZoo.Data.Sequences;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Data.Batching;

[TestFixture]
public class TensorBatchLoaderTests
{
    private static (Tensor X, Tensor Y, long[] Lengths) Data(int n = 23, int time = 9)
    {
        var lengths = Enumerable.Range(0, n).Select(i => (long)(1 + i * 7 % time)).ToArray();
        var x = zeros(n, time, dtype: ScalarType.Int64);
        for (var i = 0; i < n; i++) x[i, ..(int)lengths[i]] = tensor((long)(i + 1)); // post-padded, each row holds its index + 1
        return (x, arange(n), lengths);
    }

    [Test]
    public void Batches_CoverEverySampleOnce_AndDropLastDrops()
    {
        using var scope = NewDisposeScope();
        var (x, y, lengths) = Data();
        var loader = new TensorBatchLoader(x, y, lengths, batchSize: 5);
        Assert.That(loader.BatchCount, Is.EqualTo(5));
        var seen = loader.GetBatches(0).SelectMany(b => b.Targets.data<long>().ToArray()).Order().ToArray();
        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, 23).Select(i => (long)i)));
        var dropping = new TensorBatchLoader(x, y, lengths, batchSize: 5, dropLast: true);
        Assert.That(dropping.GetBatches(0).Count(), Is.EqualTo(4));
        Assert.That(dropping.SampleCount, Is.EqualTo(20));
    }

    [Test]
    public void Order_IsAFunctionOfSeedAndEpoch()
    {
        using var scope = NewDisposeScope();
        var (x, y, lengths) = Data();
        long[] Order(int seed, int epoch) => new TensorBatchLoader(x, y, lengths, 5, seed: seed).GetBatches(epoch).SelectMany(b => b.Targets.data<long>().ToArray()).ToArray();
        Assert.That(Order(1, 3), Is.EqualTo(Order(1, 3)));
        Assert.That(Order(1, 3), Is.Not.EqualTo(Order(1, 4)));
        Assert.That(Order(1, 3), Is.Not.EqualTo(Order(2, 3)));
        var unshuffled = new TensorBatchLoader(x, y, lengths, 5, shuffle: false).GetBatches(0).First().Targets.data<long>().ToArray();
        Assert.That(unshuffled, Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }));
    }

    [Test]
    public void Bucketing_TrimsEachBatchToItsLongest_AndKeepsLengths()
    {
        using var scope = NewDisposeScope();
        var (x, y, lengths) = Data(200, 50);
        var loader = new TensorBatchLoader(x, y, lengths, batchSize: 8, bucketing: true, seed: 3);
        var spread = new List<long>();
        foreach (var batch in loader.GetBatches(0))
        {
            var l = batch.Lengths!.data<long>().ToArray();
            Assert.That(batch.Inputs.shape[1], Is.EqualTo(l.Max()), "trimmed to the longest in the batch");
            var ids = batch.Targets.data<long>().ToArray();
            for (var i = 0; i < ids.Length; i++)
            {
                Assert.That(l[i], Is.EqualTo(lengths[ids[i]]));
                Assert.That(batch.Inputs[i, ..(int)l[i]].eq(ids[i] + 1).all().item<bool>(), Is.True, "valid tokens kept");
            }
            spread.Add(l.Max() - l.Min());
        }
        Assert.That(spread.Average(), Is.LessThan(5), "batches hold similar lengths");

        var prePadded = new TensorBatchLoader(x.flip(1), y, lengths, 8, bucketing: true, padding: PadSide.Pre);
        var first = prePadded.GetBatches(0).First();
        var lens = first.Lengths!.data<long>().ToArray();
        Assert.That(first.Inputs[0, ^(int)lens[0]..].ne(0).all().item<bool>(), Is.True, "pre-padding is trimmed from the front");
    }

    [Test]
    public void BadArguments_AreRefused()
    {
        using var scope = NewDisposeScope();
        var (x, y, lengths) = Data();
        Assert.That(() => new TensorBatchLoader(x, y, lengths, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new TensorBatchLoader(x, y[..5], lengths, 4), Throws.ArgumentException.With.Message.Contains("targets"));
        Assert.That(() => new TensorBatchLoader(x, y, null, 4, bucketing: true), Throws.ArgumentException.With.Message.Contains("lengths"));
    }
}
