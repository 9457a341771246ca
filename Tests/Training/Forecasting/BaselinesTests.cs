using RnnZoo.Training.Forecasting;

namespace RnnZoo.Tests.Training.Forecasting;

[TestFixture]
public class BaselinesTests
{
    private static readonly double[] Y = { 10, 12, 11, 13, 12, 14 };

    [Test]
    public void Naive_SeasonalNaive_Drift_ByHand()
    {
        // Origin o = 5 (y = 14).
        Assert.That(Baselines.Naive(Y, 5, 3), Is.EqualTo(14));
        // m = 2: h = 1 -> y[5 + 1 − 2] = y[4] = 12; h = 2 -> y[5] = 14; h = 3 -> y[5 + 3 − 4] = y[4] = 12.
        Assert.That(Baselines.SeasonalNaive(Y, 5, 1, 2), Is.EqualTo(12));
        Assert.That(Baselines.SeasonalNaive(Y, 5, 2, 2), Is.EqualTo(14));
        Assert.That(Baselines.SeasonalNaive(Y, 5, 3, 2), Is.EqualTo(12));
        // Drift: 14 + h (14 − 10) / 5 = 14 + 0.8 h.
        Assert.That(Baselines.Drift(Y, 5, 2), Is.EqualTo(15.6).Within(1e-12));
    }

    [Test]
    public void Climatology_MeansTheSameCalendarDayOfEarlierYears()
    {
        var dates = new[] { new DateTime(2012, 3, 1), new DateTime(2013, 3, 1), new DateTime(2014, 2, 28), new DateTime(2014, 3, 1) };
        var y = new double[] { 4, 8, 100, 0 };
        // The target day is 2014-03-01: earlier March 1sts hold 4 and 8.
        Assert.That(Baselines.Climatology(y, dates, 2, 1), Is.EqualTo(6));
    }

    [Test]
    public void HoltWinters_OnAnExactTrendPlusSeason_ForecastsItExactly()
    {
        // y_t = 0.5 t + season[t mod 4]: additive Holt-Winters represents it exactly, whatever α, β, γ it picks.
        double[] season = { 3, -1, 0, -2 };
        var y = Enumerable.Range(0, 60).Select(t => 0.5 * t + season[t % 4]).ToArray();
        var model = HoltWinters.Fit(y, trainEnd: 40, m: 4);
        for (var h = 1; h <= 8; h++)
            Assert.That(model.Forecast(45, h), Is.EqualTo(0.5 * (45 + h) + season[(45 + h) % 4]).Within(1e-3), $"h = {h}");
        Assert.That(new[] { model.Alpha, model.Beta, model.Gamma }, Is.All.InRange(0.0, 1.0));
    }
}
