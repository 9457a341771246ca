namespace RnnZoo.Data.TimeSeries;

/// <summary>Makes a series regular: one row per period from its first date to its last, missing periods filled.</summary>
public static class GapFilling
{
    /// <summary>
    /// A copy of <paramref name="series"/> with a row inserted for every missing period at <paramref name="frequency"/>:
    /// each column linearly interpolated between the rows around the gap, by period number
    /// (<see cref="GapPolicy.Interpolate"/>), or the previous row's values (<see cref="GapPolicy.ForwardFill"/>).
    /// The inserted dates follow the pattern of the first date (<see cref="TimeFrequencies.DateOf"/>).
    /// </summary>
    /// <returns>The regular series and the number of rows inserted (the series itself when nothing is missing).</returns>
    /// <exception cref="ArgumentException">The series has no dates, has duplicated periods, or the policy is not a fill.</exception>
    public static (TimeSeries Series, int Inserted) Fill(TimeSeries series, TimeFrequency frequency, GapPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (policy is not (GapPolicy.Interpolate or GapPolicy.ForwardFill))
            throw new ArgumentException($"Gap filling needs Interpolate or ForwardFill, got {policy}.", nameof(policy));
        var dates = series.Dates ?? throw new ArgumentException($"Series '{series.Key}' has no dates: gaps cannot be found.", nameof(series));
        var report = DateReport.Analyze(dates, frequency);
        if (report.Duplicates.Count > 0)
            throw new ArgumentException($"Series '{series.Key}': {report.DescribeDuplicates()}; gaps are filled only in a series with one row per period.", nameof(series));
        if (report.Gaps.Count == 0) return (series, 0);

        var periods = dates.Select(d => frequency.Period(d)).ToArray();
        var length = (int)(periods[^1] - periods[0] + 1);
        var filledDates = new DateTime[length];
        var columns = series.ColumnNames.Select(_ => new double[length]).ToArray();
        for (int i = 0, row = 0; i < length; i++)
        {
            var period = periods[0] + i;
            if (periods[row] == period)
            {
                filledDates[i] = dates[row];
                for (var c = 0; c < columns.Length; c++) columns[c][i] = series[series.ColumnNames[c]][row];
                row++;
                continue;
            }
            // Between rows row - 1 and row: periods[row - 1] < period < periods[row].
            filledDates[i] = frequency.DateOf(period, dates[0]);
            var w = (period - periods[row - 1]) / (double)(periods[row] - periods[row - 1]);
            for (var c = 0; c < columns.Length; c++)
            {
                var values = series[series.ColumnNames[c]];
                columns[c][i] = policy == GapPolicy.ForwardFill ? values[row - 1] : values[row - 1] + w * (values[row] - values[row - 1]);
            }
        }
        return (new TimeSeries(series.Key, filledDates, series.ColumnNames, columns, series.MissingCounts, series.DroppedRows), report.MissingCount);
    }
}
