using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Tests.Data.TimeSeries;

public class DateReportTests
{
    private static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Fixtures", name);

    private static RnnZoo.Data.TimeSeries.TimeSeries Monthly() => CsvSeriesLoader.Load(Fixture("monthly-gaps.csv")).Series.Single();

    [Test]
    public void MonthlySeries_WithMissingMonths_ReportsCountRunsAndWords()
    {
        // 1958-03 .. 1959-03 is 13 months; the file has 10 rows: 1958-06, 1958-10 and 1958-11 are missing.
        var report = DateReport.Analyze(Monthly().Dates!);
        Assert.That(report.Frequency, Is.EqualTo(TimeFrequency.Monthly));
        Assert.That(report.MissingCount, Is.EqualTo(3));
        Assert.That(report.Gaps, Is.EqualTo(new[]
        {
            new DateGap(new DateTime(1958, 6, 1), new DateTime(1958, 6, 1), 1),
            new DateGap(new DateTime(1958, 10, 1), new DateTime(1958, 11, 1), 2),
        }));
        Assert.That(report.DescribeGaps(), Is.EqualTo("3 missing periods: 1958-06, 1958-10 .. 1958-11 (2)"));
        Assert.That(report.DescribeGaps(listed: 1), Is.EqualTo("3 missing periods: 1958-06, ... (2 gaps in all)"));
        Assert.That(report.Duplicates, Is.Empty);
        Assert.That(report.DescribeDuplicates(), Is.EqualTo("no duplicated dates"));
        Assert.That(report.IsRegular, Is.False);
    }

    [Test]
    public void Duplicates_ArePeriodsWithMoreThanOneRow()
    {
        var dates = new[] { new DateTime(2000, 1, 1), new DateTime(2000, 2, 1), new DateTime(2000, 2, 15), new DateTime(2000, 3, 1), new DateTime(2000, 4, 1) };
        var report = DateReport.Analyze(dates);
        Assert.That(report.Frequency, Is.EqualTo(TimeFrequency.Monthly));
        Assert.That(report.Duplicates, Is.EqualTo(new[] { new DateTime(2000, 2, 1) }));
        Assert.That(report.DescribeDuplicates(), Does.StartWith("1 duplicated date").And.EndWith(": 2000-02"));
        Assert.That(() => DateReport.Analyze([dates[1], dates[0]]), Throws.ArgumentException.With.Message.Contains("ascending"));
    }

    [Test]
    public void GivenFrequency_IsUsed_IrregularDatesAreSaidSo()
    {
        var everyThird = Enumerable.Range(0, 10).Select(i => new DateTime(2020, 1, 1).AddDays(3 * i)).ToArray();
        var irregular = DateReport.Analyze(everyThird);
        Assert.That(irregular.Frequency, Is.Null);
        Assert.That(irregular.DescribeGaps(), Does.Contain("no regular frequency"));
        var daily = DateReport.Analyze(everyThird, TimeFrequency.Daily);
        Assert.That(daily.MissingCount, Is.EqualTo(18), "two days missing in each of 9 steps");
    }

    [Test]
    public void GapFilling_InterpolatesOrCarriesForward_ByHand()
    {
        var (interpolated, inserted) = GapFilling.Fill(Monthly(), TimeFrequency.Monthly, GapPolicy.Interpolate);
        Assert.That(inserted, Is.EqualTo(3));
        Assert.That(interpolated.Length, Is.EqualTo(13));
        Assert.That(DateReport.Analyze(interpolated.Dates!).IsRegular, Is.True);
        var co2 = interpolated["CO2"];
        // June 1958 halfway between May 317.51 and July 315.86; Oct and Nov at 1/3 and 2/3 from Sep 313.20 to Dec 314.67.
        Assert.That(interpolated.Dates![3], Is.EqualTo(new DateTime(1958, 6, 1)));
        Assert.That(co2[3], Is.EqualTo((317.51 + 315.86) / 2).Within(1e-12));
        Assert.That(co2[7], Is.EqualTo(313.20 + (314.67 - 313.20) / 3).Within(1e-12));
        Assert.That(co2[8], Is.EqualTo(313.20 + 2 * (314.67 - 313.20) / 3).Within(1e-12));
        Assert.That(co2[9], Is.EqualTo(314.67));
        var (carried, _) = GapFilling.Fill(Monthly(), TimeFrequency.Monthly, GapPolicy.ForwardFill);
        Assert.That(carried["CO2"][3], Is.EqualTo(317.51));
        Assert.That(carried["CO2"][7..9], Is.EqualTo(new[] { 313.20, 313.20 }));
        Assert.That(() => GapFilling.Fill(Monthly(), TimeFrequency.Monthly, GapPolicy.Error), Throws.ArgumentException);
    }
}
