namespace RnnZoo.Data.TimeSeries;

/// <summary>What to do with a missing or non-numeric value in a value column.</summary>
public enum MissingValuePolicy
{
    /// <summary>Refuse the file with the line number and column (the default: never a silent repair).</summary>
    Error,
    /// <summary>Keep it as NaN (for inspecting a file).</summary>
    Keep,
    /// <summary>Drop the row.</summary>
    Drop,
    /// <summary>Use the last earlier value of the same series (an error if the first value is missing).</summary>
    ForwardFill,
    /// <summary>Linear interpolation in time between the neighbouring values (ends take the nearest value).</summary>
    Interpolate,
}

/// <summary>How to read series from a CSV file.</summary>
/// <param name="DateColumn">Date column; null: "date" if present, else none (rows keep file order, dates are row numbers).</param>
/// <param name="KeyColumn">For long-format files: the column that names the series (e.g. "symbol").</param>
/// <param name="TargetColumn">The column to forecast; it comes first in <see cref="TimeSeriesData.Columns"/>.</param>
/// <param name="FeatureColumns">Other columns to keep; null: every other numeric column.</param>
/// <param name="Missing">Missing-value policy.</param>
public sealed record CsvSeriesOptions(
    string? DateColumn = null,
    string? KeyColumn = null,
    string? TargetColumn = null,
    IReadOnlyList<string>? FeatureColumns = null,
    MissingValuePolicy Missing = MissingValuePolicy.Error);
