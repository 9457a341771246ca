using RnnZoo.Data.TimeSeries;
using TorchSharp;

namespace RnnZoo.Tests.Data.TimeSeries;

public class WindowsAndScalingTests
{
    private static readonly double[] Ten = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();

    // N = floor((T - lookback - horizon) / stride) + 1
    [TestCase(10, 3, 1, 1, 7)]
    [TestCase(10, 3, 2, 1, 6)]
    [TestCase(10, 3, 1, 2, 4)]
    [TestCase(10, 3, 3, 3, 2)]
    [TestCase(4, 3, 1, 1, 1)]
    [TestCase(3, 3, 1, 1, 0)]
    public void WindowCount_FollowsTheFormula(int t, int lookback, int horizon, int stride, int expected)
    {
        Assert.That(new WindowOptions(lookback, horizon, stride).CountFor(t), Is.EqualTo(expected));
    }

    [Test]
    public void ManyToOne_TargetsAreTheNextHorizonValues()
    {
        using var scope = torch.NewDisposeScope();
        var w = SlidingWindows.Create(Ten, new WindowOptions(Lookback: 3, Horizon: 2, Stride: 2));
        // T = 10: floor((10 - 3 - 2) / 2) + 1 = 3 windows, starting at 0, 2, 4.
        Assert.That(w.Inputs.shape, Is.EqualTo(new long[] { 3, 3, 1 }));
        Assert.That(w.Targets.shape, Is.EqualTo(new long[] { 3, 2 }));
        Assert.That(w.Starts, Is.EqualTo(new[] { 0, 2, 4 }));
        Assert.That(w.Inputs[1].flatten().data<float>().ToArray(), Is.EqualTo(new float[] { 2, 3, 4 }));
        Assert.That(w.Targets[1].data<float>().ToArray(), Is.EqualTo(new float[] { 5, 6 }));
        Assert.That(w.Targets[2].data<float>().ToArray(), Is.EqualTo(new float[] { 7, 8 }));
    }

    [Test]
    public void ManyToMany_TargetPerStep()
    {
        using var scope = torch.NewDisposeScope();
        var w = SlidingWindows.Create([Ten, Ten.Select(v => -v).ToArray()], Ten, new WindowOptions(3, 2, 1, WindowTargets.ManyToMany));
        Assert.That(w.Inputs.shape, Is.EqualTo(new long[] { 6, 3, 2 }));
        Assert.That(w.Targets.shape, Is.EqualTo(new long[] { 6, 3, 2 }));
        Assert.That(w.Inputs[0, 1].data<float>().ToArray(), Is.EqualTo(new float[] { 1, -1 }));
        Assert.That(w.Targets[0, 1].data<float>().ToArray(), Is.EqualTo(new float[] { 2, 3 }));
        Assert.That(w.Targets[5, 2].data<float>().ToArray(), Is.EqualTo(new float[] { 8, 9 }));
    }

    [Test]
    public void HorizonLongerThanSeries_IsRefusedWithTheReason()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindows.Create(Ten, new WindowOptions(5, 6)));
        Assert.That(e!.Message, Does.Contain("10 steps").And.Contain("at least 11"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindows.Create(Ten, new WindowOptions(0)));
    }

    [Test]
    public void StandardScaler_RoundTrip_AndMoments()
    {
        var train = new[] { 2.0, 4, 4, 4, 5, 5, 7, 9 };
        var s = new StandardScaler().Fit(train);
        Assert.That(s.Offset[0], Is.EqualTo(5.0));
        Assert.That(s.Scale[0], Is.EqualTo(2.0));
        var z = s.Transform(train);
        Assert.That(z.Average(), Is.EqualTo(0).Within(1e-12));
        Assert.That(s.InverseTransform(z), Is.EqualTo(train).Within(1e-12));
    }

    [Test]
    public void MinMaxScaler_RoundTrip_AndRange_TensorInverse()
    {
        var cols = new[] { new[] { 10.0, 20, 15 }, new[] { -1.0, 1, 0 } };
        var s = new MinMaxScaler().Fit(cols);
        var t = s.Transform(cols);
        Assert.That(t[0], Is.EqualTo(new[] { 0.0, 1, 0.5 }).Within(1e-12));
        Assert.That(s.InverseTransform(t)[1], Is.EqualTo(cols[1]).Within(1e-12));
        using var scope = torch.NewDisposeScope();
        var back = s.InverseTransform(torch.tensor(new float[] { 0, 0.5f, 1 }), column: 0);
        Assert.That(back.data<float>().ToArray(), Is.EqualTo(new float[] { 10, 15, 20 }).Within(1e-5));
    }

    [Test]
    public void FromParameters_ScalesAsTheFittedScaler_AndRefusesBadParameters()
    {
        var cols = new[] { new[] { 2.0, 4, 4, 4, 5, 5, 7, 9 }, new[] { -1.0, 1, 0, 3, 2, 2, 1, 0 } };
        var fitted = new StandardScaler().Fit(cols);
        var saved = AffineScaler.FromParameters(fitted.Offset, fitted.Scale);
        // (x - 5) / 2 for the first column, by hand: 9 -> 2.
        Assert.That(saved.Transform([9.0], 0), Is.EqualTo(new[] { 2.0 }));
        Assert.That(saved.Transform(cols), Is.EqualTo(fitted.Transform(cols)));
        Assert.That(saved.InverseTransform([2.0], 0), Is.EqualTo(new[] { 9.0 }));
        Assert.That(() => saved.Fit(cols), Throws.InvalidOperationException);
        Assert.That(() => AffineScaler.FromParameters([1.0], [0.0]), Throws.ArgumentException.With.Message.Contains("non-zero"));
        Assert.That(() => AffineScaler.FromParameters([1.0, 2], [1.0]), Throws.ArgumentException.With.Message.Contains("got 2 and 1"));
    }

    [Test]
    public void ConstantColumn_AndUnfittedScaler()
    {
        Assert.That(new StandardScaler().Fit([3.0, 3, 3]).Transform([3.0]), Is.EqualTo(new[] { 0.0 }));
        Assert.That(() => new StandardScaler().Transform([1.0]), Throws.InvalidOperationException.With.Message.Contains("Fit"));
    }

    [Test]
    public void ChronologicalSplit_IsContiguousInTimeOrder()
    {
        var split = ChronologicalSplit.Create(100, 0.7, 0.15);
        Assert.That((split.Train, split.Validation, split.Test), Is.EqualTo((0..70, 70..85, 85..100)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.Create(100, 0.9, 0.2));
    }

    [Test]
    public void Prepare_FitsScalerOnTrainOnly_WindowsEachPart()
    {
        using var scope = torch.NewDisposeScope();
        var values = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        var series = new RnnZoo.Data.TimeSeries.TimeSeries("s", null, ["v"], [values]);
        var p = PreparedSeries.Prepare(series, "v", null, new WindowOptions(4), 0.5, 0.25, ScalerKind.MinMax);
        Assert.That(p.TargetScaler!.Offset[0], Is.EqualTo(0));
        Assert.That(p.TargetScaler.Scale[0], Is.EqualTo(19));
        Assert.That(p.Train.Count, Is.EqualTo(16));
        Assert.That(p.Validation!.Count, Is.EqualTo(6));
        Assert.That(p.Test!.Count, Is.EqualTo(6));
        // The test part is scaled with the training range, so it lies above 1; inverting gives the original units.
        var lastTarget = p.TargetScaler.InverseTransform(p.Test.Targets[^1]).data<float>().ToArray();
        Assert.That(lastTarget, Is.EqualTo(new float[] { 39 }).Within(1e-4));
    }
}
