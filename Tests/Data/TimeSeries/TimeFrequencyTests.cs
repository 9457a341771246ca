using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Tests.Data.TimeSeries;

public class TimeFrequencyTests
{
    private static DateTime[] Steps(DateTime start, int count, Func<DateTime, int, DateTime> step) =>
        Enumerable.Range(0, count).Select(i => step(start, i)).ToArray();

    [Test]
    public void Detect_NamesEachFrequency_FromTheMedianStep()
    {
        var start = new DateTime(2020, 1, 31);
        Assert.That(TimeFrequencies.Detect(Steps(start, 50, (d, i) => d.AddHours(i))), Is.EqualTo(TimeFrequency.Hourly));
        Assert.That(TimeFrequencies.Detect(Steps(start, 50, (d, i) => d.AddDays(i))), Is.EqualTo(TimeFrequency.Daily));
        Assert.That(TimeFrequencies.Detect(Steps(start, 50, (d, i) => d.AddDays(7 * i))), Is.EqualTo(TimeFrequency.Weekly));
        // Month ends: 28 to 31 days apart, still monthly.
        Assert.That(TimeFrequencies.Detect(Steps(start, 30, (d, i) => d.AddMonths(i))), Is.EqualTo(TimeFrequency.Monthly));
        Assert.That(TimeFrequencies.Detect(Steps(new DateTime(2000, 1, 1), 30, (d, i) => d.AddMonths(3 * i))), Is.EqualTo(TimeFrequency.Quarterly));
        Assert.That(TimeFrequencies.Detect(Steps(new DateTime(2000, 1, 1), 30, (d, i) => d.AddYears(i))), Is.EqualTo(TimeFrequency.Yearly));
        // Weekdays only (a market): business-daily; 2020-01-06 is a Monday.
        var weekdays = Steps(new DateTime(2020, 1, 6), 70, (d, i) => d.AddDays(i)).Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).ToArray();
        Assert.That(TimeFrequencies.Detect(weekdays), Is.EqualTo(TimeFrequency.BusinessDaily));
        // Four weekdays of one week never cross a weekend: plain daily.
        Assert.That(TimeFrequencies.Detect(weekdays[..4]), Is.EqualTo(TimeFrequency.Daily));
        Assert.That(TimeFrequencies.Detect(Steps(start, 20, (d, i) => d.AddDays(3 * i))), Is.Null, "every 3 days: irregular");
        Assert.That(TimeFrequencies.Detect([start]), Is.Null);
        Assert.That(TimeFrequencies.Detect([start, start]), Is.Null);
    }

    [Test]
    public void Detect_IsNotFooledByAFewGaps()
    {
        var monthly = Steps(new DateTime(1958, 3, 1), 40, (d, i) => d.AddMonths(i)).Where((_, i) => i % 7 != 3).ToArray();
        Assert.That(TimeFrequencies.Detect(monthly), Is.EqualTo(TimeFrequency.Monthly));
    }

    [Test]
    public void Months_AreCalendarMonths_AndTheLastDayStaysTheLastDay()
    {
        var f = TimeFrequency.Monthly;
        Assert.That(f.Period(new DateTime(2000, 2, 29)) - f.Period(new DateTime(2000, 1, 1)), Is.EqualTo(1));
        Assert.That(f.Period(new DateTime(2001, 1, 15)) - f.Period(new DateTime(2000, 12, 31)), Is.EqualTo(1));
        var end = new DateTime(2000, 1, 31);
        Assert.That(Enumerable.Range(1, 3).Select(i => f.Add(end, i)),
            Is.EqualTo(new[] { new DateTime(2000, 2, 29), new DateTime(2000, 3, 31), new DateTime(2000, 4, 30) }));
        Assert.That(f.Add(new DateTime(2000, 1, 15), 13), Is.EqualTo(new DateTime(2001, 2, 15)));
        Assert.That(TimeFrequency.Quarterly.Add(new DateTime(2000, 2, 1), 3), Is.EqualTo(new DateTime(2000, 11, 1)));
        Assert.That(TimeFrequency.Yearly.Add(new DateTime(2000, 2, 29), 1), Is.EqualTo(new DateTime(2001, 2, 28)));
    }

    [Test]
    public void BusinessDays_StepOverWeekends_HoursAndWeeksKeepTheirPattern()
    {
        var friday = new DateTime(2020, 1, 10, 16, 0, 0);
        Assert.That(TimeFrequency.BusinessDaily.Add(friday, 1), Is.EqualTo(new DateTime(2020, 1, 13, 16, 0, 0)));
        Assert.That(TimeFrequency.BusinessDaily.Add(friday, 6), Is.EqualTo(new DateTime(2020, 1, 20, 16, 0, 0)));
        Assert.That(TimeFrequency.Weekly.Add(new DateTime(2020, 1, 5), 2), Is.EqualTo(new DateTime(2020, 1, 19)), "a Sunday stays a Sunday");
        Assert.That(TimeFrequency.Hourly.Add(new DateTime(2020, 1, 1, 23, 30, 0), 2), Is.EqualTo(new DateTime(2020, 1, 2, 1, 30, 0)));
        Assert.That(TimeFrequency.Daily.Add(new DateTime(2015, 12, 31), 1), Is.EqualTo(new DateTime(2016, 1, 1)));
    }

    [Test]
    public void Format_NamesThePeriod()
    {
        var d = new DateTime(2000, 8, 1, 13, 0, 0);
        Assert.That(new[] { TimeFrequency.Hourly, TimeFrequency.Daily, TimeFrequency.Monthly, TimeFrequency.Quarterly, TimeFrequency.Yearly }.Select(f => f.Format(d)),
            Is.EqualTo(new[] { "2000-08-01 13:00", "2000-08-01", "2000-08", "2000-Q3", "2000" }));
        Assert.That(TimeFrequency.BusinessDaily.Name(), Is.EqualTo("business-daily"));
    }
}
