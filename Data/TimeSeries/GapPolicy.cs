namespace RnnZoo.Data.TimeSeries;

/// <summary>What forecasting does with missing periods: dates absent from a regular series (see <see cref="DateReport"/>).</summary>
public enum GapPolicy
{
    /// <summary>Refuse the series, naming how many periods are missing and the first few (default).</summary>
    Error,
    /// <summary>Insert a row for every missing period, each column linearly interpolated in time between its neighbours.</summary>
    Interpolate,
    /// <summary>Insert a row for every missing period holding the last observed row's values.</summary>
    ForwardFill,
    /// <summary>Keep the rows as they are: a step is a row, whatever the dates say (then a lag of 12 rows is not 12 months).
    /// Also accepts dates with no regular frequency.</summary>
    Ignore,
}
