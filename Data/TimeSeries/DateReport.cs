namespace RnnZoo.Data.TimeSeries;

/// <summary>A run of consecutive missing periods.</summary>
/// <param name="First">Date of the first missing period (in the series' own pattern, see <see cref="TimeFrequencies.DateOf"/>).</param>
/// <param name="Last">Date of the last missing period of the run.</param>
/// <param name="Periods">How many periods are missing in the run (at least 1).</param>
public sealed record DateGap(DateTime First, DateTime Last, int Periods);

/// <summary>
/// What the dates of a series say about its regularity: the frequency (detected, or given), the periods between the
/// first and the last date that have no row (gaps), and the periods that have more than one row (duplicates; for a
/// monthly series two rows in one month are a duplicate even on different days).
/// </summary>
/// <param name="Frequency">The frequency, or null when none was given and none could be detected (irregular dates).</param>
/// <param name="Rows">Rows (dates) examined.</param>
/// <param name="Gaps">Runs of missing periods, in time order (empty when the frequency is null).</param>
/// <param name="Duplicates">The first date of every period with more than one row, in time order (empty when the frequency is null).</param>
public sealed record DateReport(TimeFrequency? Frequency, int Rows, IReadOnlyList<DateGap> Gaps, IReadOnlyList<DateTime> Duplicates)
{
    /// <summary>Missing periods in all.</summary>
    public int MissingCount => Gaps.Sum(g => g.Periods);

    /// <summary>Whether the series has one row in every period from its first date to its last.</summary>
    public bool IsRegular => Frequency is not null && Gaps.Count == 0 && Duplicates.Count == 0;

    /// <summary>Checks ascending <paramref name="dates"/> at <paramref name="frequency"/> (null: detected with <see cref="TimeFrequencies.Detect"/>).</summary>
    /// <exception cref="ArgumentException">The dates are not in ascending order.</exception>
    public static DateReport Analyze(IReadOnlyList<DateTime> dates, TimeFrequency? frequency = null)
    {
        ArgumentNullException.ThrowIfNull(dates);
        for (var i = 1; i < dates.Count; i++)
            if (dates[i] < dates[i - 1])
                throw new ArgumentException($"Dates must be in ascending order: row {i} ({dates[i]:yyyy-MM-dd HH:mm}) comes before row {i - 1} ({dates[i - 1]:yyyy-MM-dd HH:mm}).", nameof(dates));
        var f = frequency ?? TimeFrequencies.Detect(dates);
        if (f is not { } freq) return new DateReport(null, dates.Count, [], []);
        var gaps = new List<DateGap>();
        var duplicates = new List<DateTime>();
        for (var i = 1; i < dates.Count; i++)
        {
            long previous = freq.Period(dates[i - 1]), current = freq.Period(dates[i]);
            if (current == previous)
            {
                if (duplicates.Count == 0 || freq.Period(duplicates[^1]) != current) duplicates.Add(dates[i - 1]);
            }
            else if (current > previous + 1)
                gaps.Add(new DateGap(freq.DateOf(previous + 1, dates[0]), freq.DateOf(current - 1, dates[0]), (int)Math.Min(int.MaxValue, current - previous - 1)));
        }
        return new DateReport(freq, dates.Count, gaps, duplicates);
    }

    /// <summary>
    /// The gaps in words, the first <paramref name="listed"/> runs named: <c>5 missing periods: 1958-06, 1958-10 .. 1958-11 (2), ...</c>;
    /// <c>no missing periods</c>.
    /// </summary>
    public string DescribeGaps(int listed = 5)
    {
        if (Frequency is not { } f) return "no regular frequency: gaps not checked";
        if (Gaps.Count == 0) return "no missing periods";
        var runs = Gaps.Take(listed).Select(g => g.Periods == 1 ? f.Format(g.First) : $"{f.Format(g.First)} .. {f.Format(g.Last)} ({g.Periods})");
        return $"{MissingCount} missing period{(MissingCount == 1 ? "" : "s")}: {string.Join(", ", runs)}{(Gaps.Count > listed ? $", ... ({Gaps.Count} gaps in all)" : "")}";
    }

    /// <summary>The duplicated periods in words, the first <paramref name="listed"/> named; <c>no duplicated dates</c>.</summary>
    public string DescribeDuplicates(int listed = 5)
    {
        if (Frequency is not { } f) return "no regular frequency: duplicates not checked";
        if (Duplicates.Count == 0) return "no duplicated dates";
        return $"{Duplicates.Count} duplicated date{(Duplicates.Count == 1 ? "" : "s")} (more than one row in the period): " +
               string.Join(", ", Duplicates.Take(listed).Select(d => f.Format(d))) + (Duplicates.Count > listed ? ", ..." : "");
    }
}
