using System.Globalization;

namespace RnnZoo.Data.TimeSeries;

/// <summary>The calendar step of a regular series (see <see cref="TimeFrequencies.Detect"/>).</summary>
public enum TimeFrequency
{
    /// <summary>One row per hour.</summary>
    Hourly,
    /// <summary>One row per calendar day.</summary>
    Daily,
    /// <summary>One row per weekday, Monday to Friday (markets); a weekday without a row is a missing period.</summary>
    BusinessDaily,
    /// <summary>One row per week (7 days).</summary>
    Weekly,
    /// <summary>One row per calendar month, whatever its length (28 to 31 days) and the day of the month used.</summary>
    Monthly,
    /// <summary>One row per calendar quarter.</summary>
    Quarterly,
    /// <summary>One row per calendar year.</summary>
    Yearly,
}

/// <summary>
/// Calendar arithmetic at a <see cref="TimeFrequency"/>: detection from dates, the period a date falls in, and steps
/// forward. Periods are counted in calendar units (months as year × 12 + month, not as 30-day blocks), so a monthly
/// series on the 1st, the 15th or the last day of each month has one period per month and its gaps are whole months.
/// </summary>
public static class TimeFrequencies
{
    /// <summary>
    /// The frequency of ascending <paramref name="dates"/>, from the median step between distinct consecutive dates:
    /// 1 hour hourly; 1 day daily (business-daily when no date falls on a weekend and some step crosses one);
    /// 7 days weekly; 28-31 days monthly; 89-92 days quarterly; 365-366 days yearly. Null when there are fewer than two
    /// distinct dates or the median step is none of these (irregular data).
    /// </summary>
    public static TimeFrequency? Detect(IReadOnlyList<DateTime> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        var steps = new List<TimeSpan>();
        for (var i = 1; i < dates.Count; i++)
            if (dates[i] != dates[i - 1]) steps.Add(dates[i] - dates[i - 1]);
        if (steps.Count == 0) return null;
        steps.Sort();
        var median = steps[steps.Count / 2];
        var days = median.TotalDays;
        if (Math.Abs(median.TotalMinutes - 60) < 1) return TimeFrequency.Hourly;
        // An hour either way: local timestamps across a daylight-saving change.
        if (Math.Abs(median.TotalHours - 24) <= 1)
        {
            var weekend = dates.Any(d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
            var crossesWeekend = false;
            for (var i = 1; i < dates.Count && !crossesWeekend; i++)
                crossesWeekend = (dates[i].Date - dates[i - 1].Date).TotalDays >= 3 && dates[i].DayOfWeek < dates[i - 1].DayOfWeek;
            return !weekend && crossesWeekend ? TimeFrequency.BusinessDaily : TimeFrequency.Daily;
        }
        if (days is >= 6.5 and <= 7.5) return TimeFrequency.Weekly;
        if (days is >= 28 and <= 31) return TimeFrequency.Monthly;
        if (days is >= 89 and <= 92) return TimeFrequency.Quarterly;
        if (days is >= 365 and <= 366) return TimeFrequency.Yearly;
        return null;
    }

    /// <summary>
    /// The number of the period <paramref name="date"/> falls in, counted from year 1: consecutive periods have
    /// consecutive numbers (hours, days, weekdays, weeks from Monday 1 January 0001, year × 12 + month − 1,
    /// year × 4 + quarter − 1, the year).
    /// </summary>
    public static long Period(this TimeFrequency frequency, DateTime date)
    {
        var day = date.Ticks / TimeSpan.TicksPerDay; // day 0 is Monday 1 January 0001
        return frequency switch
        {
            TimeFrequency.Hourly => date.Ticks / TimeSpan.TicksPerHour,
            TimeFrequency.Daily => day,
            // Saturday and Sunday fall into Friday's period: a business-daily series has no row on them.
            TimeFrequency.BusinessDaily => day / 7 * 5 + Math.Min(day % 7, 4),
            TimeFrequency.Weekly => day / 7,
            TimeFrequency.Monthly => date.Year * 12L + date.Month - 1,
            TimeFrequency.Quarterly => date.Year * 4L + (date.Month - 1) / 3,
            TimeFrequency.Yearly => date.Year,
            _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Unknown frequency."),
        };
    }

    /// <summary>
    /// The date of <paramref name="period"/> in the pattern of <paramref name="template"/> (a date of the same
    /// series): its minute within the hour, time of day, weekday, month within the quarter or year, and day of the
    /// month (the last day of the month stays the last day: 31 January, 29 February, 31 March).
    /// </summary>
    public static DateTime DateOf(this TimeFrequency frequency, long period, DateTime template)
    {
        DateTime InMonth(int year, int month)
        {
            var last = template.Day == DateTime.DaysInMonth(template.Year, template.Month);
            var day = last ? DateTime.DaysInMonth(year, month) : Math.Min(template.Day, DateTime.DaysInMonth(year, month));
            return new DateTime(year, month, day).Add(template.TimeOfDay);
        }
        var timeOfDay = template.TimeOfDay.Ticks;
        return frequency switch
        {
            TimeFrequency.Hourly => new DateTime(period * TimeSpan.TicksPerHour + template.Ticks % TimeSpan.TicksPerHour),
            TimeFrequency.Daily => new DateTime(period * TimeSpan.TicksPerDay + timeOfDay),
            TimeFrequency.BusinessDaily => new DateTime((period / 5 * 7 + period % 5) * TimeSpan.TicksPerDay + timeOfDay),
            TimeFrequency.Weekly => new DateTime((period * 7 + template.Ticks / TimeSpan.TicksPerDay % 7) * TimeSpan.TicksPerDay + timeOfDay),
            TimeFrequency.Monthly => InMonth((int)(period / 12), (int)(period % 12) + 1),
            TimeFrequency.Quarterly => InMonth((int)(period / 4), (int)(period % 4) * 3 + (template.Month - 1) % 3 + 1),
            TimeFrequency.Yearly => InMonth((int)period, template.Month),
            _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Unknown frequency."),
        };
    }

    /// <summary>The date <paramref name="steps"/> periods after <paramref name="date"/> (calendar months for monthly data).</summary>
    public static DateTime Add(this TimeFrequency frequency, DateTime date, int steps) => frequency.DateOf(frequency.Period(date) + steps, date);

    /// <summary>A date as the period it names: <c>2000-03-01 13:00</c> hourly, <c>2000-03-01</c> daily and weekly, <c>2000-03</c> monthly, <c>2000-Q1</c>, <c>2000</c>.</summary>
    public static string Format(this TimeFrequency frequency, DateTime date) => frequency switch
    {
        TimeFrequency.Hourly => date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        TimeFrequency.Monthly => date.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        TimeFrequency.Quarterly => string.Create(CultureInfo.InvariantCulture, $"{date.Year}-Q{(date.Month - 1) / 3 + 1}"),
        TimeFrequency.Yearly => date.Year.ToString(CultureInfo.InvariantCulture),
        _ => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    /// <summary>The frequency in words: hourly, daily, business-daily, weekly, monthly, quarterly, yearly.</summary>
    public static string Name(this TimeFrequency frequency) => frequency == TimeFrequency.BusinessDaily ? "business-daily" : frequency.ToString().ToLowerInvariant();
}
