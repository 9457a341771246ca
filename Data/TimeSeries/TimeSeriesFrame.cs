namespace RnnZoo.Data.TimeSeries;

/// <summary>The series found in one CSV file (one, or one per key in long format).</summary>
public sealed class TimeSeriesFrame
{
    /// <summary>Creates a frame.</summary>
    public TimeSeriesFrame(string source, IReadOnlyList<TimeSeries> series, string? dateColumn, string? keyColumn, string? target, IReadOnlyList<string> skippedColumns,
        char delimiter = ',')
    {
        Source = source; Series = series; DateColumn = dateColumn; KeyColumn = keyColumn; Target = target; SkippedColumns = skippedColumns; Delimiter = delimiter;
    }

    /// <summary>The field separator read (given, or detected from the header line).</summary>
    public char Delimiter { get; }

    /// <summary>The file read.</summary>
    public string Source { get; }
    /// <summary>Series in order of first appearance in the file.</summary>
    public IReadOnlyList<TimeSeries> Series { get; }
    /// <summary>Date column used, or null.</summary>
    public string? DateColumn { get; }
    /// <summary>Key column used, or null.</summary>
    public string? KeyColumn { get; }
    /// <summary>Target column, or null.</summary>
    public string? Target { get; }
    /// <summary>Columns left out because they are not numeric (e.g. seattle-weather's <c>weather</c>).</summary>
    public IReadOnlyList<string> SkippedColumns { get; }

    /// <summary>The series with key <paramref name="key"/>.</summary>
    public TimeSeries this[string key] => Series.FirstOrDefault(s => s.Key == key)
        ?? throw new KeyNotFoundException($"No series '{key}' in '{Source}'; it has: {string.Join(", ", Series.Select(s => s.Key))}.");
}
