using System.Globalization;
using nietras.SeparatedValues;

namespace RnnZoo.Data.Csv;

/// <summary>
/// A CSV file with a header line as text fields, read by Sep (RFC 4180: quoted fields, also over several lines,
/// <c>""</c> for a quote; UTF-8 with or without a byte-order mark; LF or CRLF line ends; the delimiter detected from
/// the header, or given). Blank lines are skipped; fields are trimmed of spaces. Every problem is a
/// <see cref="CsvFormatException"/> naming the file and the line. What the fields mean is the caller's business (time
/// series, text collections).
/// </summary>
/// <param name="FileName">The file's name, for messages.</param>
/// <param name="Header">The column names.</param>
/// <param name="Rows">The data rows with the physical 1-based line each starts on.</param>
/// <param name="Delimiter">The delimiter used.</param>
public sealed record CsvTable(string FileName, IReadOnlyList<string> Header, IReadOnlyList<(int Line, string[] Fields)> Rows, char Delimiter)
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No file there.</exception>
    /// <exception cref="CsvFormatException">Empty, a field count that differs from the header's, an unclosed quote, a duplicated column name.</exception>
    public static CsvTable Read(string path, char? delimiter = null)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"CSV file '{full}' does not exist. Pass the path of a CSV with a header line.", full);
        var name = Path.GetFileName(full);
        var rows = new List<(int Line, string[] Fields)>();
        string[] header;
        int lastLine = 1;
        char used;
        try
        {
            using var reader = Sep.Reader(o => o with
            {
                Sep = delimiter is { } d ? new Sep(d) : null,
                Unescape = true,
                Trim = SepTrim.All,
                DisableColCountCheck = true, // counted below, to name the line in our own words
                CultureInfo = CultureInfo.InvariantCulture,
            }).FromFile(full);
            header = reader.Header.ColNames.ToArray();
            used = reader.Spec.Sep.Separator;
            if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
                throw new CsvFormatException(name, 1, null, 0, "the file is empty or its first line is blank; expected a header line.");
            foreach (var row in reader)
            {
                lastLine = row.LineNumberFrom;
                if (row.ColCount == 1 && row[0].Span.IsWhiteSpace()) continue; // a blank line
                if (row.ColCount != header.Length)
                {
                    var unclosed = row.Span.Count('"') % 2 == 1;
                    throw new CsvFormatException(name, row.LineNumberFrom, null, 0, unclosed
                        ? $"a quoted field opened on this line is not closed (the row runs to line {row.LineNumberToExcl - 1})."
                        : $"expected {header.Length} fields as in the header (delimiter '{Printable(used)}'), got {row.ColCount}.");
                }
                var fields = new string[row.ColCount];
                for (var c = 0; c < fields.Length; c++) fields[c] = row[c].ToString();
                rows.Add((row.LineNumberFrom, fields));
            }
        }
        catch (ArgumentException e) when (e.Source == typeof(Sep).Assembly.GetName().Name)
        {
            // Sep refuses a header naming a column twice, or a delimiter it cannot use.
            throw new CsvFormatException(name, 1, null, 0, e.Message);
        }
        catch (InvalidDataException e)
        {
            throw new CsvFormatException(name, lastLine, null, 0, e.Message);
        }
        return new CsvTable(name, header, rows, used);
    }

    /// <summary>The index of column <paramref name="column"/> (exact match, else ignoring case).</summary>
    /// <exception cref="ArgumentException">No such column; the message lists the file's.</exception>
    public int Column(string column, string role)
    {
        var i = Header.ToList().FindIndex(h => string.Equals(h, column, StringComparison.Ordinal));
        if (i < 0) i = Header.ToList().FindIndex(h => string.Equals(h, column, StringComparison.OrdinalIgnoreCase));
        if (i < 0) throw new ArgumentException($"{role} column '{column}' is not in {FileName}; its columns are: {string.Join(", ", Header)}.");
        return i;
    }

    /// <summary>A delimiter as it reads in a message (<c>\t</c> for a tab).</summary>
    public static string Printable(char c) => c == '\t' ? "\\t" : c.ToString();
}
