using RnnZoo.Data.Generators;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Data.Generators;

[TestFixture]
public class SequenceGeneratorsTests
{
    [Test]
    public void AddingProblem_TargetIsTheSumOfTheTwoMarkedValues()
    {
        using var scope = NewDisposeScope();
        var (x, y) = SequenceGenerators.Adding(50, 20, seed: 1);
        Assert.That(x.shape, Is.EqualTo(new long[] { 50, 20, 2 }));
        var values = x.data<float>().ToArray();
        var targets = y.data<float>().ToArray();
        for (var n = 0; n < 50; n++)
        {
            var marked = Enumerable.Range(0, 20).Where(t => values[(n * 20 + t) * 2 + 1] == 1).ToList();
            Assert.That(marked, Has.Count.EqualTo(2));
            Assert.That(marked[0], Is.LessThan(10)); Assert.That(marked[1], Is.GreaterThanOrEqualTo(10));
            Assert.That(targets[n], Is.EqualTo(values[(n * 20 + marked[0]) * 2] + values[(n * 20 + marked[1]) * 2]).Within(1e-6));
        }
    }

    [Test]
    public void Generators_SameSeedSameData_OtherSeedOtherData()
    {
        using var scope = NewDisposeScope();
        var a = SequenceGenerators.Sine(4, 30, seed: 5, noise: 0.1);
        var b = SequenceGenerators.Sine(4, 30, seed: 5, noise: 0.1);
        var c = SequenceGenerators.Sine(4, 30, seed: 6, noise: 0.1);
        Assert.That(a.Inputs.data<float>().ToArray(), Is.EqualTo(b.Inputs.data<float>().ToArray()));
        Assert.That(a.Inputs.data<float>().ToArray(), Is.Not.EqualTo(c.Inputs.data<float>().ToArray()));
        // Without noise the target is the next input.
        var clean = SequenceGenerators.Sine(2, 10, seed: 1);
        Assert.That(clean.Targets[.., ..^1, ..].data<float>().ToArray(), Is.EqualTo(clean.Inputs[.., 1.., ..].data<float>().ToArray()).Within(1e-6));
    }

    [Test]
    public void Seed003AndSeed000Shapes_AndTheirTargets()
    {
        using var scope = NewDisposeScope();
        var seed003 = SequenceGenerators.RandomSequences(8, steps: 10, inputs: 10, seed: 2);
        Assert.That(seed003.Inputs.shape, Is.EqualTo(new long[] { 8, 10, 10 }));
        Assert.That(seed003.Targets.shape, Is.EqualTo(new long[] { 8, 10, 1 }));
        // y_0 = mean(x_0); y_1 = 0.5 y_0 + mean(x_1)
        var y0 = seed003.Inputs[0, 0].mean().item<float>();
        Assert.That(seed003.Targets[0, 0, 0].item<float>(), Is.EqualTo(y0).Within(1e-5));
        Assert.That(seed003.Targets[0, 1, 0].item<float>(), Is.EqualTo(0.5f * y0 + seed003.Inputs[0, 1].mean().item<float>()).Within(1e-5));

        var seed000 = SequenceGenerators.SumClassification(16, 12, 3, seed: 4);
        var sums = seed000.Inputs.sum(1);
        Assert.That(seed000.Targets.data<long>().ToArray(), Is.EqualTo(sums.argmax(1).data<long>().ToArray()));
    }

    [Test]
    public void CopyMemory_TargetRepeatsTheSymbolsAtTheEnd()
    {
        using var scope = NewDisposeScope();
        var (x, y) = SequenceGenerators.CopyMemory(3, delay: 5, seed: 1, symbols: 4, copyLength: 3);
        Assert.That(x.shape, Is.EqualTo(new long[] { 3, 11, 6 }));
        var ids = x.argmax(2);
        Assert.That(y[0, ^3..].data<long>().ToArray(), Is.EqualTo(ids[0, ..3].data<long>().ToArray()));
        Assert.That(y[0, ..^3].sum().item<long>(), Is.Zero);
        Assert.That(ids[0, 8].item<long>(), Is.EqualTo(5), "the delimiter right before the recall phase");
    }
}
