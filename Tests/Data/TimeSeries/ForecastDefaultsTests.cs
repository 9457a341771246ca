using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Tests.Data.TimeSeries;

public class ForecastDefaultsTests
{
    [Test]
    public void FromTheFrequency_MonthlyDailyHourly()
    {
        Assert.That(ForecastDefaults.For(TimeFrequency.Monthly, 741), Is.EqualTo(new ForecastDefaults(12, 24, 12)));
        // Seattle's four years of days: a yearly season with the calendar as input, as the registry's experiment.
        Assert.That(ForecastDefaults.For(TimeFrequency.Daily, 1461), Is.EqualTo(new ForecastDefaults(365, 30, 7, CalendarFeatures: true, Climatology: true)));
        Assert.That(ForecastDefaults.For(TimeFrequency.Daily, 500), Is.EqualTo(new ForecastDefaults(7, 28, 7)));
        Assert.That(ForecastDefaults.For(TimeFrequency.Hourly, 2000), Is.EqualTo(new ForecastDefaults(24, 48, 24)));
        Assert.That(ForecastDefaults.For(TimeFrequency.Quarterly, 200).Season, Is.EqualTo(4));
        Assert.That(ForecastDefaults.For(null, 200), Is.EqualTo(new ForecastDefaults(1, 10, 3)));
    }

    [Test]
    public void ShortSeries_ShrinkLookbackHorizonAndSeason()
    {
        // 40 months: training part 28, lookback + horizon at most 14 (horizon 4, lookback 10), season 12 still fits twice.
        Assert.That(ForecastDefaults.For(TimeFrequency.Monthly, 40), Is.EqualTo(new ForecastDefaults(12, 10, 4)));
        // 30 months: training part 21 < 2 * 12 + 1: no season.
        Assert.That(ForecastDefaults.For(TimeFrequency.Monthly, 30).Season, Is.EqualTo(1));
        var tiny = ForecastDefaults.For(TimeFrequency.Daily, 5);
        Assert.That((tiny.Lookback, tiny.Horizon), Is.EqualTo((1, 1)));
    }
}
