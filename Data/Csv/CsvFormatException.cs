namespace RnnZoo.Data.Csv;

/// <summary>A problem in a CSV file, located by 1-based line number (the header is line 1) and column.</summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the exception; the message starts with <c>file:line N, column 'name' (k):</c>.</summary>
    public CsvFormatException(string file, int line, string? column, int columnNumber, string problem)
        : base($"{file}: line {line}" + (column is null ? "" : $", column '{column}' ({columnNumber})") + $": {problem}")
    {
        File = file; Line = line; Column = column; ColumnNumber = columnNumber;
    }

    /// <summary>File read.</summary>
    public string File { get; }
    /// <summary>1-based line number.</summary>
    public int Line { get; }
    /// <summary>Column name, or null for a whole-line problem.</summary>
    public string? Column { get; }
    /// <summary>1-based column number (0 for a whole-line problem).</summary>
    public int ColumnNumber { get; }
}
