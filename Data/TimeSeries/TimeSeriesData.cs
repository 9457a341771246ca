namespace RnnZoo.Data.TimeSeries;

/// <summary>One series read from a CSV file: dates and the values of each chosen column.</summary>
/// <param name="Name">The key value for long-format files (e.g. "MSFT"), else the file's name.</param>
/// <param name="Dates">Sorted dates, one per row.</param>
/// <param name="Columns">Names of the value columns.</param>
/// <param name="Values"><c>Values[column][row]</c>; NaN marks a missing value (only with <see cref="MissingValuePolicy.Keep"/>).</param>
public sealed record TimeSeriesData(string Name, DateTime[] Dates, string[] Columns, double[][] Values)
{
    /// <summary>Number of rows.</summary>
    public int Length => Dates.Length;

    /// <summary>The values of one column.</summary>
    /// <exception cref="ArgumentException">No such column; the message lists the columns.</exception>
    public double[] Column(string name)
    {
        var i = Array.IndexOf(Columns, name);
        if (i < 0) throw new ArgumentException($"Series '{Name}' has no column '{name}'; columns: {string.Join(", ", Columns)}.", nameof(name));
        return Values[i];
    }

    /// <summary>The values as a <c>[time, features]</c> row-major array, columns in the order given (default: all).</summary>
    public float[] ToMatrix(IReadOnlyList<string>? columns = null)
    {
        var selected = (columns ?? Columns).Select(Column).ToArray();
        var matrix = new float[Length * selected.Length];
        for (var t = 0; t < Length; t++)
            for (var f = 0; f < selected.Length; f++) matrix[t * selected.Length + f] = (float)selected[f][t];
        return matrix;
    }
}
