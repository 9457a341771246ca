using RnnZoo.Data.Batching;
using RnnZoo.Data.Generators;
using RnnZoo.Data.Sequences;
using TorchSharp;

namespace RnnZoo.Tests.Data.Batching;

public class TensorBatchLoaderTests
{
    private static bool Same(torch.Tensor a, torch.Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    // 10 sequences with lengths 1..10 (sequence i holds the value i+1 in its first i+1 places), post-padded to 10.
    private static PaddedSequences Make(PaddingSide side) =>
        PadSequences.Pad(Enumerable.Range(0, 10).Select(i => Enumerable.Repeat(i + 1, i + 1).ToArray()).ToArray(), 10, side,
            labels: Enumerable.Range(0, 10).ToArray());

    [Test]
    public void Counts_WithAndWithoutDropLast()
    {
        using var scope = torch.NewDisposeScope();
        var p = Make(PaddingSide.Post);
        Assert.That(TensorBatchLoader.FromPadded(p, new BatchLoaderOptions(4)).BatchCount, Is.EqualTo(3));
        var drop = TensorBatchLoader.FromPadded(p, new BatchLoaderOptions(4, DropLast: true));
        Assert.That(drop.BatchCount, Is.EqualTo(2));
        Assert.That(drop.GetBatches(0).Select(b => b.Size), Is.EqualTo(new long[] { 4, 4 }));
        Assert.That(drop.SampleCount, Is.EqualTo(10));
    }

    [Test]
    public void Shuffle_IsAPureFunctionOfSeedAndEpoch()
    {
        using var scope = torch.NewDisposeScope();
        var p = Make(PaddingSide.Post);
        var a = TensorBatchLoader.FromPadded(p, new BatchLoaderOptions(3, Seed: 5));
        var b = TensorBatchLoader.FromPadded(p, new BatchLoaderOptions(3, Seed: 5));
        Assert.That(a.GetBatchIndices(2), Is.EqualTo(b.GetBatchIndices(2)));
        Assert.That(a.GetBatchIndices(1), Is.Not.EqualTo(a.GetBatchIndices(2)));
        Assert.That(a.GetBatchIndices(1).SelectMany(x => x).Order(), Is.EqualTo(Enumerable.Range(0, 10)));
        var plain = TensorBatchLoader.FromPadded(p, new BatchLoaderOptions(3, Shuffle: false));
        Assert.That(plain.GetBatchIndices(0)[0], Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void Batches_CarryLengths_TrimmedToTheLongest_PostPadding()
    {
        using var scope = torch.NewDisposeScope();
        var loader = TensorBatchLoader.FromPadded(Make(PaddingSide.Post), new BatchLoaderOptions(3, Shuffle: false));
        var first = loader.GetBatches(0).First();
        Assert.That(first.Inputs.shape, Is.EqualTo(new long[] { 3, 3 }));
        Assert.That(first.Lengths!.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(first.Inputs[2].data<long>().ToArray(), Is.EqualTo(new long[] { 3, 3, 3 }));
        Assert.That(first.Inputs[0].data<long>().ToArray(), Is.EqualTo(new long[] { 1, 0, 0 }));
        Assert.That(first.Targets.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 1, 2 }));
    }

    [Test]
    public void TrimMultiple_KeepsAMultipleOfSteps_AtMostTheDataLength_WithTheSameLengths()
    {
        using var scope = torch.NewDisposeScope();
        // Batches of 3 in order: longest 3, 6, 9, 10 -> 4, 8, 10 (the data's 10 steps, not 12), 10.
        var loader = TensorBatchLoader.FromPadded(Make(PaddingSide.Post), new BatchLoaderOptions(3, Shuffle: false, TrimMultiple: 4));
        var batches = loader.GetBatches(0).ToList();
        Assert.That(batches.Select(b => b.Inputs.shape[1]), Is.EqualTo(new long[] { 4, 8, 10, 10 }));
        Assert.That(batches[0].Lengths!.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(batches[0].Inputs[2].data<long>().ToArray(), Is.EqualTo(new long[] { 3, 3, 3, 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TensorBatchLoader.FromPadded(Make(PaddingSide.Post), new BatchLoaderOptions(3, TrimMultiple: 0)));
    }

    [Test]
    public void Trimming_PrePadded_DropsTheLeadingPadding()
    {
        using var scope = torch.NewDisposeScope();
        var loader = TensorBatchLoader.FromPadded(Make(PaddingSide.Pre), new BatchLoaderOptions(2, Shuffle: false));
        var first = loader.GetBatches(0).First();
        Assert.That(first.Inputs.shape, Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(first.Inputs[0].data<long>().ToArray(), Is.EqualTo(new long[] { 0, 1 }));
        Assert.That(first.Inputs[1].data<long>().ToArray(), Is.EqualTo(new long[] { 2, 2 }));
    }

    [Test]
    public void Bucketing_GroupsSimilarLengths()
    {
        using var scope = torch.NewDisposeScope();
        var lengths = Enumerable.Range(0, 200).Select(i => (i * 37) % 100 + 1).ToArray();
        var seqs = lengths.Select(l => Enumerable.Repeat(5, l).ToArray()).ToArray();
        var p = PadSequences.Pad(seqs, 100, PaddingSide.Post, labels: new int[200]);
        var bucketed = TensorBatchLoader.FromPadded(p, new BatchLoaderOptions(10, Seed: 1, BucketPoolBatches: 20));
        var plain = TensorBatchLoader.FromPadded(p, new BatchLoaderOptions(10, Seed: 1));
        double Spread(TensorBatchLoader l) => l.GetBatchIndices(0).Average(b => b.Max(i => lengths[i]) - b.Min(i => lengths[i]));
        Assert.That(Spread(bucketed), Is.LessThan(10));
        Assert.That(Spread(plain), Is.GreaterThan(50));
        var widths = bucketed.GetBatches(0).Select(b => b.Inputs.shape[1]).ToArray();
        Assert.That(widths.Average(), Is.LessThan(70), "batches are trimmed to their longest sequence");
        Assert.That(bucketed.GetBatchIndices(3).SelectMany(x => x).Order(), Is.EqualTo(Enumerable.Range(0, 200)));
    }

    [Test]
    public void Tensors_BelongToTheCallersScope_NothingLeaks()
    {
        using var outer = torch.NewDisposeScope();
        var p = Make(PaddingSide.Post);
        var loader = TensorBatchLoader.FromPadded(p, new BatchLoaderOptions(3, Seed: 2, BucketPoolBatches: 2));
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (int epoch = 0; epoch < 3; epoch++)
        {
            // The scope current while the batches are enumerated owns them and everything the loader made.
            using var scope = torch.NewDisposeScope();
            foreach (var batch in loader.GetBatches(epoch)) _ = batch.Inputs.sum();
        }
        Assert.That(DisposeScopeManager.Statistics.ThreadTotalLiveCount, Is.EqualTo(before));
    }

    [Test]
    public void BadInput_IsRefused()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(5, 4, dtype: torch.ScalarType.Int64);
        Assert.That(() => new TensorBatchLoader(x, torch.zeros(4), null, new BatchLoaderOptions(2)), Throws.ArgumentException.With.Message.Contains("Expected 5 targets"));
        Assert.That(() => new TensorBatchLoader(x, torch.zeros(5), torch.tensor(new long[] { 1, 2, 3, 4, 9 }), new BatchLoaderOptions(2)), Throws.ArgumentException.With.Message.Contains("[0, 4]"));
        Assert.That(() => new TensorBatchLoader(x, torch.zeros(5), null, new BatchLoaderOptions(2, BucketPoolBatches: 3)), Throws.ArgumentException.With.Message.Contains("lengths"));
        Assert.That(() => new TensorBatchLoader(x, torch.zeros(5), null, new BatchLoaderOptions(9, DropLast: true)), Throws.ArgumentException);
    }

    [Test]
    public void GeneratedSource_ReplaysAnEpochExactly()
    {
        using var scope = torch.NewDisposeScope();
        var source = new GeneratedBatchSource(3, 8, seed: 4, s => AddingProblem.Generate(8, 20, s));
        var a = source.GetBatches(1).ToArray();
        var b = source.GetBatches(1).ToArray();
        var c = source.GetBatches(2).ToArray();
        Assert.That(a.Zip(b).All(p => Same(p.First.Inputs, p.Second.Inputs)), Is.True);
        Assert.That(Same(a[0].Inputs, c[0].Inputs), Is.False);
        Assert.That(source.SampleCount, Is.EqualTo(24));
    }
}
