namespace RnnZoo.Data.TimeSeries;

/// <summary>Options of <see cref="CsvSeriesLoader.Load"/>.</summary>
/// <param name="DateColumn">Column holding dates; null looks for a header named date, time, timestamp or datetime (any case) and uses row order when there is none.</param>
/// <param name="Target">Column to predict; it must be numeric and becomes the first loaded column. Null for none.</param>
/// <param name="Columns">Numeric columns to load; null loads every column (except date and key) whose values are mostly numbers, skipping the others (reported in <see cref="TimeSeriesFrame.SkippedColumns"/>).</param>
/// <param name="KeyColumn">Column that names the series in long format (e.g. <c>symbol</c> in stocks.csv); null for one series.</param>
/// <param name="Missing">Handling of missing and non-numeric values.</param>
/// <param name="DateFormats">Exact date formats (.NET custom format strings, invariant culture) to try; null for the built-in list (ISO forms, <c>Jan 1 2000</c>, <c>1 Jan 2000</c>, <c>Jan 1, 2000</c>, <c>2000/01/31</c>, <c>2000-01</c>, <c>2000</c>).</param>
/// <param name="Delimiter">Field separator; null detects it from the header line (<c>,</c>, <c>;</c>, tab, <c>|</c>; Sep's detection).</param>
/// <param name="Duplicates">Handling of rows of one series that share a date.</param>
public sealed record CsvSeriesOptions(
    string? DateColumn = null,
    string? Target = null,
    IReadOnlyList<string>? Columns = null,
    string? KeyColumn = null,
    MissingValuePolicy Missing = MissingValuePolicy.Error,
    IReadOnlyList<string>? DateFormats = null,
    char? Delimiter = null,
    DuplicateDatePolicy Duplicates = DuplicateDatePolicy.Error);
