using System.Globalization;
using System.Text;

namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// Reads time series from a CSV file with a header row: wide format (one series, several columns) or long
/// format split by a key column (<c>stocks.csv</c>: symbol,date,price). Rows are sorted by date. Dates may be
/// ISO (<c>2012-01-01</c>, with or without time) or like <c>Jan 1 2000</c>, <c>January 1, 2000</c>, <c>2000/01/31</c>.
/// </summary>
public static class CsvSeriesLoader
{
    private static readonly string[] DateFormats =
    {
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy/MM/dd", "yyyy-MM",
        "MMM d yyyy", "MMM dd yyyy", "MMMM d yyyy", "MMM d, yyyy", "MMMM d, yyyy", "d MMM yyyy", "dd MMM yyyy",
    };

    /// <summary>Parses a date in one of the supported forms.</summary>
    public static bool TryParseDate(string text, out DateTime date) =>
        DateTime.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out date);

    /// <summary>Loads the series of <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">A bad date, a missing or non-numeric value (with the policy Error), an unknown column: with line and column.</exception>
    public static List<TimeSeriesData> Load(string path, CsvSeriesOptions? options = null)
    {
        options ??= new CsvSeriesOptions();
        if (!File.Exists(path)) throw new FileNotFoundException($"No CSV file at '{Path.GetFullPath(path)}'.", path);
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0) throw new InvalidDataException($"{path}: the file is empty; expected a header row.");
        var header = SplitLine(lines[0]).Select(h => h.Trim()).ToArray();
        int IndexOf(string column, string what) =>
            Array.IndexOf(header, column) is var i && i >= 0 ? i
            : throw new InvalidDataException($"{path}: no {what} column '{column}'; the header has: {string.Join(", ", header)}.");

        var dateIndex = options.DateColumn is { } dc ? IndexOf(dc, "date") : Array.IndexOf(header, "date");
        var keyIndex = options.KeyColumn is { } kc ? IndexOf(kc, "key") : -1;
        var rows = lines.Skip(1).Select((l, i) => (Line: i + 2, Cells: SplitLine(l))).Where(r => !(r.Cells.Length == 1 && r.Cells[0].Trim().Length == 0)).ToList();
        foreach (var r in rows.Where(r => r.Cells.Length != header.Length))
            throw new InvalidDataException($"{path}, line {r.Line}: {r.Cells.Length} fields, the header has {header.Length}.");

        // Value columns: the target first, then the features (default: every other column whose values are numeric).
        var candidates = Enumerable.Range(0, header.Length).Where(i => i != dateIndex && i != keyIndex).ToList();
        List<int> valueColumns;
        if (options.FeatureColumns is not null || options.TargetColumn is not null)
        {
            valueColumns = new List<int>();
            if (options.TargetColumn is { } t) valueColumns.Add(IndexOf(t, "target"));
            var features = options.FeatureColumns ?? (IReadOnlyList<string>)candidates.Where(i => IsNumericColumn(rows, i)).Select(i => header[i]).ToList();
            foreach (var f in features) if (IndexOf(f, "feature") is var fi && !valueColumns.Contains(fi)) valueColumns.Add(fi);
        }
        else valueColumns = candidates.Where(i => IsNumericColumn(rows, i)).ToList();
        if (valueColumns.Count == 0) throw new InvalidDataException($"{path}: no numeric column found besides the date and key columns.");

        var groups = keyIndex < 0
            ? new[] { (Name: Path.GetFileNameWithoutExtension(path), Rows: rows) }
            : rows.GroupBy(r => r.Cells[keyIndex].Trim()).Select(g => (Name: g.Key, Rows: g.ToList())).OrderBy(g => g.Name, StringComparer.Ordinal).ToArray();

        var result = new List<TimeSeriesData>();
        foreach (var (name, groupRows) in groups)
        {
            var parsed = new List<(int Line, DateTime Date, double[] Values)>(groupRows.Count);
            for (var r = 0; r < groupRows.Count; r++)
            {
                var (line, cells) = groupRows[r];
                DateTime date;
                if (dateIndex < 0) date = DateTime.UnixEpoch.AddDays(r);
                else if (!TryParseDate(cells[dateIndex], out date))
                    throw new InvalidDataException($"{path}, line {line}, column '{header[dateIndex]}': '{cells[dateIndex]}' is not a date (expected e.g. 2012-01-31 or Jan 31 2012).");
                var values = new double[valueColumns.Count];
                for (var c = 0; c < valueColumns.Count; c++)
                {
                    var text = cells[valueColumns[c]].Trim();
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) values[c] = v;
                    else if (options.Missing == MissingValuePolicy.Error)
                        throw new InvalidDataException($"{path}, line {line}, column '{header[valueColumns[c]]}': " +
                            (text.Length == 0 ? "missing value" : $"'{text}' is not a number") + " (choose a missing-value policy: drop, forward fill or interpolate).");
                    else values[c] = double.NaN;
                }
                parsed.Add((line, date, values));
            }
            parsed.Sort((a, b) => a.Date.CompareTo(b.Date));
            if (options.Missing == MissingValuePolicy.Drop) parsed.RemoveAll(p => p.Values.Any(double.IsNaN));
            var columns = new double[valueColumns.Count][];
            for (var c = 0; c < columns.Length; c++)
            {
                columns[c] = parsed.Select(p => p.Values[c]).ToArray();
                if (options.Missing == MissingValuePolicy.ForwardFill) ForwardFill(columns[c], path, name, header[valueColumns[c]], parsed.Select(p => p.Line).ToArray());
                if (options.Missing == MissingValuePolicy.Interpolate) Interpolate(columns[c], parsed.Select(p => p.Date).ToArray());
            }
            result.Add(new TimeSeriesData(name, parsed.Select(p => p.Date).ToArray(), valueColumns.Select(i => header[i]).ToArray(), columns));
        }
        return result;
    }

    // A column counts as numeric when most of its values are numbers: a categorical column (weather: rain,
    // sun) is left out, while a numeric column with a stray bad value is kept, so that value is reported.
    private static bool IsNumericColumn(List<(int Line, string[] Cells)> rows, int column)
    {
        var nonEmpty = rows.Select(r => r.Cells[column].Trim()).Where(t => t.Length > 0).ToList();
        var numbers = nonEmpty.Count(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numbers > 0 && numbers * 2 >= nonEmpty.Count;
    }

    private static void ForwardFill(double[] values, string path, string series, string column, int[] lines)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i])) continue;
            if (i == 0) throw new InvalidDataException($"{path}, line {lines[0]}, column '{column}' (series {series}): the first value is missing, so forward fill has nothing to carry.");
            values[i] = values[i - 1];
        }
    }

    private static void Interpolate(double[] values, DateTime[] dates)
    {
        var known = Enumerable.Range(0, values.Length).Where(i => !double.IsNaN(values[i])).ToArray();
        if (known.Length == 0) return;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i])) continue;
            var after = Array.FindIndex(known, k => k > i);
            if (after <= 0) { values[i] = values[after < 0 ? known[^1] : known[0]]; continue; }
            var (a, b) = (known[after - 1], known[after]);
            var w = (dates[i] - dates[a]).TotalDays / (dates[b] - dates[a]).TotalDays;
            values[i] = values[a] + w * (values[b] - values[a]);
        }
    }

    /// <summary>Splits one CSV line; fields may be quoted with "" escapes.</summary>
    internal static string[] SplitLine(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString().TrimEnd('\r'));
        return fields.ToArray();
    }
}
