using System.Globalization;
using RnnZoo.Data.Csv;

namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// Loads numeric time series from a CSV file with a header line, read by Sep (RFC 4180: quoted fields, also over
/// several lines, <c>""</c> for a quote; UTF-8 with or without a byte-order mark; LF or CRLF line ends): the delimiter
/// detected from the header (or given), date parsing, a key column for long format (several series in one file),
/// sorting by date, duplicated dates refused (or a policy), and an explicit missing-value policy. Blank lines are
/// skipped; fields are trimmed of spaces. Every problem is a <see cref="CsvFormatException"/> naming the file, the
/// line and the column.
/// </summary>
public static class CsvSeriesLoader
{
    private static readonly string[] DefaultDateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
        "yyyy-MM-ddTHH:mm", "yyyy-MM", "yyyy", "yyyy/MM/dd", "yyyy/M/d", "MMM d yyyy", "MMMM d yyyy", "MMM d, yyyy", "MMMM d, yyyy", "d MMM yyyy", "d MMMM yyyy",
    ];

    private static readonly HashSet<string> MissingTokens = new(StringComparer.OrdinalIgnoreCase) { "", "na", "n/a", "nan", "null", "none", "?" };

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="CsvFormatException">A field count, date or value problem, with line and column.</exception>
    /// <exception cref="ArgumentException">A requested column does not exist or is not numeric.</exception>
    public static TimeSeriesFrame Load(string path, CsvSeriesOptions? options = null)
    {
        options ??= new CsvSeriesOptions();
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"CSV file '{full}' does not exist. Pass the path of a CSV with a header line (for example timeseries/stocks.csv of the shared data folder).", full);
        var name = Path.GetFileName(full);

        var table = CsvTable.Read(full, options.Delimiter);
        var (header, rows, delimiter) = (table.Header.ToArray(), table.Rows, table.Delimiter);
        var lastLine = rows.Count == 0 ? 1 : rows[^1].Line;
        if (rows.Count == 0) throw new CsvFormatException(name, lastLine, null, 0, "the file has a header but no data rows.");

        int Find(string column, string role) => table.Column(column, role);

        int dateIndex = options.DateColumn is { } dc ? Find(dc, "Date")
            : Array.FindIndex(header, h => h.ToLowerInvariant() is "date" or "time" or "timestamp" or "datetime");
        int keyIndex = options.KeyColumn is { } kc ? Find(kc, "Key") : -1;

        List<int> valueIndices;
        var skipped = new List<string>();
        if (options.Columns is { Count: > 0 } requested)
            valueIndices = requested.Select(c => Find(c, "Value")).Distinct().ToList();
        else
        {
            valueIndices = [];
            for (int c = 0; c < header.Length; c++)
            {
                if (c == dateIndex || c == keyIndex) continue;
                if (MostlyNumeric(rows, c)) valueIndices.Add(c); else skipped.Add(header[c]);
            }
        }
        if (options.Target is { } target)
        {
            int t = Find(target, "Target");
            if (t == dateIndex || t == keyIndex) throw new ArgumentException($"Target column '{target}' is the date or key column.");
            if (!MostlyNumeric(rows, t)) throw new ArgumentException($"Target column '{target}' of {name} is not numeric.");
            skipped.Remove(header[t]);
            valueIndices.Remove(t);
            valueIndices.Insert(0, t);
        }
        if (valueIndices.Count == 0) throw new ArgumentException($"{name} has no numeric column to load (columns: {string.Join(", ", header)}).");

        var formats = options.DateFormats?.ToArray() ?? DefaultDateFormats;
        var parsed = new List<ParsedRow>(rows.Count);
        foreach (var (line, fields) in rows)
        {
            DateTime date = default;
            if (dateIndex >= 0)
            {
                var text = fields[dateIndex].Trim();
                if (!DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out date))
                    throw new CsvFormatException(name, line, header[dateIndex], dateIndex + 1,
                        $"'{text}' is not a date in a known form (tried {string.Join(", ", formats)}); pass DateFormats for another form.");
            }
            var values = new double[valueIndices.Count];
            for (int v = 0; v < values.Length; v++)
            {
                int c = valueIndices[v];
                var text = fields[c].Trim();
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)) { values[v] = x; continue; }
                bool missing = MissingTokens.Contains(text);
                if (options.Missing == MissingValuePolicy.Error)
                    throw new CsvFormatException(name, line, header[c], c + 1, missing
                        ? $"missing value '{text}'; choose a fill policy (drop, forward fill, interpolate) to accept missing values."
                        : $"'{text}' is not a number; choose a fill policy (drop, forward fill, interpolate) to treat it as missing.");
                values[v] = double.NaN;
            }
            parsed.Add(new ParsedRow(line, keyIndex >= 0 ? fields[keyIndex].Trim() : name, date, values));
        }

        var columnNames = valueIndices.Select(i => header[i]).ToArray();
        var series = new List<TimeSeries>();
        foreach (var group in parsed.GroupBy(r => r.Key, StringComparer.Ordinal))
        {
            // OrderBy is stable: rows with the same date keep their file order.
            var ordered = dateIndex >= 0 ? group.OrderBy(r => r.Date).ToList() : group.ToList();
            if (dateIndex >= 0) ordered = Deduplicate(name, group.Key, keyIndex >= 0, header[dateIndex], dateIndex + 1, ordered, options.Duplicates);
            series.Add(BuildSeries(name, group.Key, ordered, columnNames, dateIndex >= 0, options.Missing));
        }
        return new TimeSeriesFrame(full, series, dateIndex >= 0 ? header[dateIndex] : null, keyIndex >= 0 ? header[keyIndex] : null,
            options.Target is null ? null : columnNames[0], skipped, delimiter);
    }

    private sealed record ParsedRow(int Line, string Key, DateTime Date, double[] Values);

    // Rows sorted by date (stable: rows of one date in file order).
    private static List<ParsedRow> Deduplicate(string file, string key, bool named, string dateColumn, int dateNumber, List<ParsedRow> rows, DuplicateDatePolicy policy)
    {
        if (policy == DuplicateDatePolicy.KeepAll) return rows;
        var groups = rows.GroupBy(r => r.Date).Where(g => g.Count() > 1).ToList();
        if (groups.Count == 0) return rows;
        if (policy == DuplicateDatePolicy.Error)
        {
            var listed = groups.Take(5).Select(g => $"{g.Key:yyyy-MM-dd HH:mm:ss} (lines {string.Join(", ", g.Select(r => r.Line))})".Replace(" 00:00:00", ""));
            var first = groups[0].ElementAt(1);
            throw new CsvFormatException(file, first.Line, dateColumn, dateNumber,
                $"{(named ? $"series '{key}': " : "")}{groups.Count} date{(groups.Count == 1 ? " appears" : "s appear")} more than once: {string.Join("; ", listed)}" +
                $"{(groups.Count > 5 ? "; ..." : "")}. Remove the extra rows, or choose a duplicates policy (keep first, keep last).");
        }
        var keep = groups.ToDictionary(g => g.Key, g => policy == DuplicateDatePolicy.KeepFirst ? g.First() : g.Last());
        return rows.Where(r => !keep.TryGetValue(r.Date, out var kept) || ReferenceEquals(kept, r)).ToList();
    }

    private static TimeSeries BuildSeries(string file, string key, List<ParsedRow> rows, string[] columnNames, bool hasDates, MissingValuePolicy policy)
    {
        var missing = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < columnNames.Length; c++) missing[columnNames[c]] = rows.Count(r => double.IsNaN(r.Values[c]));
        int dropped = 0;
        if (policy == MissingValuePolicy.Drop)
        {
            int before = rows.Count;
            rows = rows.Where(r => !r.Values.Any(double.IsNaN)).ToList();
            dropped = before - rows.Count;
            if (rows.Count == 0) throw new CsvFormatException(file, 0, null, 0, $"series '{key}': every row has a missing value; dropping them leaves nothing.");
        }
        var columns = new double[columnNames.Length][];
        for (int c = 0; c < columns.Length; c++)
        {
            var col = rows.Select(r => r.Values[c]).ToArray();
            if (policy is MissingValuePolicy.ForwardFill or MissingValuePolicy.Interpolate && col.Any(double.IsNaN))
            {
                if (col.All(double.IsNaN))
                    throw new CsvFormatException(file, rows[0].Line, columnNames[c], c + 1, $"series '{key}': every value of this column is missing; nothing to fill from.");
                Fill(col, policy);
            }
            columns[c] = col;
        }
        return new TimeSeries(key, hasDates ? rows.Select(r => r.Date).ToArray() : null, columnNames, columns, missing, dropped);
    }

    private static void Fill(double[] col, MissingValuePolicy policy)
    {
        int first = Array.FindIndex(col, v => !double.IsNaN(v));
        for (int i = 0; i < first; i++) col[i] = col[first];
        int last = first;
        for (int i = first + 1; i < col.Length; i++)
        {
            if (double.IsNaN(col[i])) continue;
            if (i - last > 1)
                for (int k = last + 1; k < i; k++)
                    col[k] = policy == MissingValuePolicy.ForwardFill ? col[last] : col[last] + (col[i] - col[last]) * (k - last) / (i - last);
            last = i;
        }
        for (int i = last + 1; i < col.Length; i++) col[i] = col[last];
    }

    private static bool MostlyNumeric(IReadOnlyList<(int Line, string[] Fields)> rows, int column)
    {
        int numeric = 0, text = 0;
        foreach (var (_, fields) in rows)
        {
            var f = fields[column].Trim();
            if (double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) numeric++;
            else if (!MissingTokens.Contains(f)) text++;
        }
        return numeric > 0 && numeric >= text;
    }

}
