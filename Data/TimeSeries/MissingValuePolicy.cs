namespace RnnZoo.Data.TimeSeries;

/// <summary>What <see cref="CsvSeriesLoader"/> does with a missing (empty, <c>NA</c>, <c>NaN</c>, <c>null</c>, <c>?</c>) or non-numeric value.</summary>
public enum MissingValuePolicy
{
    /// <summary>Refuse the file: the error names the line, the column and the value (default).</summary>
    Error,
    /// <summary>Drop every row (of that series) with a missing value in a loaded column.</summary>
    Drop,
    /// <summary>Use the last valid value before it (after sorting by date); leading gaps take the first valid value.</summary>
    ForwardFill,
    /// <summary>Linear interpolation between the valid neighbours by row position (after sorting by date); leading and trailing gaps take the nearest valid value.</summary>
    Interpolate,
    /// <summary>Keep the value as NaN and count it; for inspection only (windowing refuses series with NaN).</summary>
    KeepNaN,
}
