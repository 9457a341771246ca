namespace RnnZoo.Data.TimeSeries;

/// <summary>What <see cref="CsvSeriesLoader"/> does with rows of one series that share a date.</summary>
public enum DuplicateDatePolicy
{
    /// <summary>Refuse the file, naming the dates and their lines (default).</summary>
    Error,
    /// <summary>Keep the first row of each date (in file order).</summary>
    KeepFirst,
    /// <summary>Keep the last row of each date (in file order): a later correction wins.</summary>
    KeepLast,
    /// <summary>Keep every row; for inspection only (<c>rnnzoo data csv</c> reports them; forecasting refuses them).</summary>
    KeepAll,
}
