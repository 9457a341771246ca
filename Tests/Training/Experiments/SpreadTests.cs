using RnnZoo.Training.Experiments;

namespace RnnZoo.Tests.Training.Experiments;

/// <summary>The spread over seeds against numbers worked by hand and against printed tables of Student's t.</summary>
[TestFixture]
public class SpreadTests
{
    // Two-sided 95% (p = 0.975) and 99% (p = 0.995) quantiles of Student's t, from the printed table (e.g. NIST/SEMATECH
    // e-Handbook of Statistical Methods, 1.3.6.7.2), to the three decimals printed.
    [TestCase(1, 0.975, 12.706)]
    [TestCase(2, 0.975, 4.303)]
    [TestCase(3, 0.975, 3.182)]
    [TestCase(4, 0.975, 2.776)]
    [TestCase(9, 0.975, 2.262)]
    [TestCase(29, 0.975, 2.045)]
    [TestCase(100, 0.975, 1.984)]
    [TestCase(4, 0.995, 4.604)]
    [TestCase(10, 0.95, 1.812)]
    public void StudentTQuantiles_AreThoseOfThePrintedTable(int degrees, double p, double table)
    {
        Assert.That(Spread.StudentTQuantile(p, degrees), Is.EqualTo(table).Within(0.0005));
        Assert.That(Spread.StudentTQuantile(1 - p, degrees), Is.EqualTo(-table).Within(0.0005), "symmetric");
    }

    [Test]
    public void FiveValues_MeanSampleDeviationAndTInterval_AsWorkedByHand()
    {
        // 1..5: mean 3; squares of deviations 4+1+0+1+4 = 10, s = sqrt(10/4) = 1.5811388;
        // t(0.975, 4) = 2.7764451; half width = 2.7764451 * 1.5811388 / sqrt(5) = 1.9632432.
        var spread = Spread.Of([1, 2, 3, 4, 5]);
        Assert.That(spread.Count, Is.EqualTo(5));
        Assert.That(spread.Mean, Is.EqualTo(3).Within(1e-12));
        Assert.That(spread.StandardDeviation, Is.EqualTo(Math.Sqrt(2.5)).Within(1e-12));
        Assert.That(spread.T, Is.EqualTo(2.7764451).Within(1e-6));
        Assert.That(spread.Low, Is.EqualTo(3 - 1.9632432).Within(1e-6));
        Assert.That(spread.High, Is.EqualTo(3 + 1.9632432).Within(1e-6));
        Assert.That(spread.Values, Is.EqualTo(new double[] { 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void TwoValues_UseTwelvePointSevenOne_AndOneValueHasNoSpread()
    {
        // 0.2 and 0.4: mean 0.3, s = |0.4 - 0.2| / sqrt(2) = 0.1414214; half = 12.7062047 * 0.1414214 / sqrt(2) = 1.2706205.
        var two = Spread.Of([0.2, 0.4]);
        Assert.That(two.Mean, Is.EqualTo(0.3).Within(1e-12));
        Assert.That(two.StandardDeviation, Is.EqualTo(0.2 / Math.Sqrt(2)).Within(1e-12));
        Assert.That(two.High! - two.Mean, Is.EqualTo(1.2706205).Within(1e-6));

        var one = Spread.Of([0.7]);
        Assert.That(one.Mean, Is.EqualTo(0.7));
        Assert.That(one.StandardDeviation, Is.Null);
        Assert.That(one.Low, Is.Null);
        Assert.That(() => Spread.Of([]), Throws.ArgumentException);
    }

    [Test]
    public void CloseLargeValues_KeepTheirDeviation()
    {
        // E[x^2] - E[x]^2 would lose these to cancellation; the two-pass sum does not: s of 1e9 + {1, 2, 3} is 1.
        var spread = Spread.Of([1e9 + 1, 1e9 + 2, 1e9 + 3]);
        Assert.That(spread.StandardDeviation, Is.EqualTo(1).Within(1e-6));
    }
}
