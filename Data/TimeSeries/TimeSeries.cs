namespace RnnZoo.Data.TimeSeries;

/// <summary>One series: dates (when the file has them) and named numeric columns of equal length, sorted by date.</summary>
public sealed class TimeSeries
{
    private readonly Dictionary<string, double[]> _columns;

    /// <summary>Creates a series; every column must have <paramref name="dates"/>' length (or a common length when dates is null).</summary>
    public TimeSeries(string key, DateTime[]? dates, IReadOnlyList<string> columnNames, IReadOnlyList<double[]> columns,
        IReadOnlyDictionary<string, int>? missingCounts = null, int droppedRows = 0)
    {
        if (columnNames.Count != columns.Count) throw new ArgumentException($"{columnNames.Count} column names for {columns.Count} columns.");
        int length = dates?.Length ?? (columns.Count > 0 ? columns[0].Length : 0);
        for (int i = 0; i < columns.Count; i++)
            if (columns[i].Length != length)
                throw new ArgumentException($"Series '{key}': column '{columnNames[i]}' has {columns[i].Length} values, expected {length}.");
        Key = key; Dates = dates; ColumnNames = columnNames.ToArray(); Length = length;
        _columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++) _columns[columnNames[i]] = columns[i];
        MissingCounts = missingCounts ?? ColumnNames.ToDictionary(c => c, _ => 0);
        DroppedRows = droppedRows;
    }

    /// <summary>Value of the key column for this series, or the file name when the file holds one series.</summary>
    public string Key { get; }
    /// <summary>Dates in ascending order, or null when the file has no date column.</summary>
    public DateTime[]? Dates { get; }
    /// <summary>Loaded columns, target first when one was chosen.</summary>
    public IReadOnlyList<string> ColumnNames { get; }
    /// <summary>Number of time steps.</summary>
    public int Length { get; }
    /// <summary>Per column: values that were missing or non-numeric in the file (before the fill policy).</summary>
    public IReadOnlyDictionary<string, int> MissingCounts { get; }
    /// <summary>Rows removed by <see cref="MissingValuePolicy.Drop"/>.</summary>
    public int DroppedRows { get; }

    /// <summary>The values of <paramref name="name"/>, <c>[Length]</c>.</summary>
    public double[] this[string name] => _columns.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"Series '{Key}' has no column '{name}'; it has: {string.Join(", ", ColumnNames)}.");

    /// <summary>First date, or null.</summary>
    public DateTime? Start => Dates is { Length: > 0 } d ? d[0] : null;
    /// <summary>Last date, or null.</summary>
    public DateTime? End => Dates is { Length: > 0 } d ? d[^1] : null;
}
