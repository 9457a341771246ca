using RnnZoo.Data.Generators;
using TorchSharp;

namespace RnnZoo.Tests.Data.Generators;

public class GeneratorTests
{
    private static bool Same(torch.Tensor a, torch.Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Test]
    public void AddingProblem_TargetIsTheSumOfTheTwoMarkedNumbers()
    {
        using var scope = torch.NewDisposeScope();
        var batch = AddingProblem.Generate(batchSize: 32, sequenceLength: 50, seed: 7);
        Assert.That(batch.Inputs.shape, Is.EqualTo(new long[] { 32, 50, 2 }));
        Assert.That(batch.Targets.shape, Is.EqualTo(new long[] { 32, 1 }));
        var x = batch.Inputs.data<float>().ToArray();
        var y = batch.Targets.data<float>().ToArray();
        for (int b = 0; b < 32; b++)
        {
            var marked = Enumerable.Range(0, 50).Where(t => x[(b * 50 + t) * 2 + 1] == 1).ToArray();
            Assert.That(marked, Has.Length.EqualTo(2));
            Assert.That(marked[0], Is.LessThan(25));
            Assert.That(marked[1], Is.GreaterThanOrEqualTo(25));
            Assert.That(y[b], Is.EqualTo(x[(b * 50 + marked[0]) * 2] + x[(b * 50 + marked[1]) * 2]).Within(1e-6));
        }
    }

    [Test]
    public void SameSeed_SameData_OtherSeed_OtherData()
    {
        using var scope = torch.NewDisposeScope();
        var a = AddingProblem.Generate(4, 10, 1);
        var b = AddingProblem.Generate(4, 10, 1);
        var c = AddingProblem.Generate(4, 10, 2);
        Assert.That(Same(a.Inputs, b.Inputs), Is.True);
        Assert.That(Same(a.Inputs, c.Inputs), Is.False);
        Assert.That(Same(SineWaves.Generate(3, 5, 9, 0.1).Inputs, SineWaves.Generate(3, 5, 9, 0.1).Inputs), Is.True);
    }

    [Test]
    public void SineWaves_TargetIsTheNextCleanValue()
    {
        using var scope = torch.NewDisposeScope();
        var batch = SineWaves.Generate(batchSize: 4, sequenceLength: 20, seed: 3);
        Assert.That(batch.Inputs.shape, Is.EqualTo(new long[] { 4, 20, 1 }));
        Assert.That(batch.Targets.shape, Is.EqualTo(new long[] { 4, 20, 1 }));
        // Without noise the input at t + 1 equals the target at t.
        var shifted = batch.Inputs.narrow(1, 1, 19);
        Assert.That(shifted.allclose(batch.Targets.narrow(1, 0, 19), rtol: 1e-5, atol: 1e-6), Is.True);
        var noisy = SineWaves.Generate(4, 20, 3, noiseStd: 0.5);
        Assert.That(Same(noisy.Targets, batch.Targets), Is.True, "noise touches the inputs only");
        Assert.That(Same(noisy.Inputs, batch.Inputs), Is.False);
    }

    [Test]
    public void RandomSequences_HaveSeed003Shapes_AndTheDocumentedTarget()
    {
        using var scope = torch.NewDisposeScope();
        var batch = RandomSequences.Generate(batchSize: 5, seed: 11);
        Assert.That(batch.Inputs.shape, Is.EqualTo(new long[] { 5, 10, 10 }));
        Assert.That(batch.Targets.shape, Is.EqualTo(new long[] { 5, 10, 1 }));
        var expected = torch.zeros(5, 10);
        var means = batch.Inputs.mean([2L]);
        var previous = torch.zeros(5);
        for (int t = 0; t < 10; t++) { previous = means[.., t] + 0.5 * previous; expected[.., t] = previous; }
        Assert.That(batch.Targets.squeeze(2).allclose(expected, atol: 1e-5), Is.True);
    }

    [Test]
    public void CopyMemory_TargetRepeatsTheDataAfterTheDelimiter()
    {
        using var scope = torch.NewDisposeScope();
        var batch = CopyMemory.Generate(batchSize: 3, delay: 5, seed: 4, copyLength: 4, symbols: 8);
        Assert.That(batch.Inputs.shape, Is.EqualTo(new long[] { 3, 13 }));
        var x = batch.Inputs[0].data<long>().ToArray();
        var y = batch.Targets[0].data<long>().ToArray();
        Assert.That(x[..4], Is.All.InRange(1L, 8L));
        Assert.That(x[4..8], Is.All.EqualTo(0L));
        Assert.That(x[8], Is.EqualTo(9L), "delimiter after delay - 1 blanks");
        Assert.That(x[9..], Is.All.EqualTo(0L));
        Assert.That(y[..9], Is.All.EqualTo(0L));
        Assert.That(y[9..], Is.EqualTo(x[..4]));
    }

    [Test]
    public void InvalidLengths_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AddingProblem.Generate(1, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SineWaves.Generate(0, 5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CopyMemory.Generate(1, 0, 0));
    }
}

[TestFixture]
public class SumClassificationTests
{
    [Test]
    public void Label_IsTheFeatureWithTheLargestSumOverAllSteps()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        var batch = RnnZoo.Data.Generators.SumClassification.Generate(64, 12, 3, seed: 4);
        Assert.That(batch.Inputs.shape, Is.EqualTo(new long[] { 64, 12, 3 }));
        Assert.That(batch.Targets.data<long>().ToArray(), Is.EqualTo(batch.Inputs.sum(1).argmax(1).data<long>().ToArray()));
        var again = RnnZoo.Data.Generators.SumClassification.Generate(64, 12, 3, seed: 4);
        Assert.That(again.Inputs.data<float>().ToArray(), Is.EqualTo(batch.Inputs.data<float>().ToArray()));
    }
}
