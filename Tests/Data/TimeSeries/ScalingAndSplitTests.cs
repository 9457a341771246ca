using RnnZoo.Data.TimeSeries;
using TorchSharp;

namespace RnnZoo.Tests.Data.TimeSeries;

/// <summary>The scalers and the split; the windows are <see cref="ForecastSeriesTests"/>.</summary>
public class ScalingAndSplitTests
{
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
    public void ChronologicalSplit_IsContiguousInTimeOrder_RoundingHalfToEven()
    {
        // Stocks' MSFT: 123 months, test round(24.6) = 25, validation round(12.3) = 12.
        var split = ChronologicalSplit.FromFractions(123, 0.1, 0.2);
        Assert.That((split.Train, split.Validation, split.Test), Is.EqualTo((0..86, 86..98, 98..123)));
        Assert.That(ChronologicalSplit.FromFractions(10, 0.25, 0.25), Is.EqualTo(new ChronologicalSplit(10, 6, 8)), "2.5 rounds to 2");
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.FromFractions(100, 0.9, 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.FromFractions(100, 0.1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ChronologicalSplit.FromFractions(2, 0.4, 0.4));
    }
}
