namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// Season, lookback and horizon a forecasting user would pick for a series of a given frequency and length, and
/// whether the yearly calendar matters (daily data over several years).
/// </summary>
/// <param name="Season">Seasonal period in steps (1: none).</param>
/// <param name="Lookback">Steps the model reads.</param>
/// <param name="Horizon">Steps forecast.</param>
/// <param name="CalendarFeatures">Feed the day of the year (a yearly season longer than the lookback).</param>
/// <param name="Climatology">Evaluate the climatology baseline (daily data with a yearly season).</param>
public sealed record ForecastDefaults(int Season, int Lookback, int Horizon, bool CalendarFeatures = false, bool Climatology = false)
{
    /// <summary>
    /// The defaults for <paramref name="length"/> steps at <paramref name="frequency"/>:
    /// <list type="table">
    /// <item><term>hourly</term><description>season 24 (a day), lookback 48, horizon 24</description></item>
    /// <item><term>daily</term><description>season 365 with the day of the year as input and climatology when the series
    /// spans at least three years (two seasons in the training part); else season 7 (a week). Lookback 30 or 28, horizon 7.</description></item>
    /// <item><term>business-daily</term><description>season 5 (a week of trading days), lookback 20, horizon 5</description></item>
    /// <item><term>weekly</term><description>season 52 when the series spans three years, else 1; lookback 26, horizon 4</description></item>
    /// <item><term>monthly</term><description>season 12, lookback 24, horizon 12</description></item>
    /// <item><term>quarterly</term><description>season 4, lookback 8, horizon 4</description></item>
    /// <item><term>yearly or unknown</term><description>no season, lookback 10, horizon 3</description></item>
    /// </list>
    /// The lookback and horizon shrink so that the training part (70% of the series with the default split) holds at
    /// least twice lookback + horizon steps (the horizon at most a third of that), and the season falls back to 1 when
    /// the training part holds fewer than two seasons.
    /// </summary>
    public static ForecastDefaults For(TimeFrequency? frequency, int length)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "A series needs at least one step.");
        var yearly = length >= 3 * 365;
        var d = frequency switch
        {
            TimeFrequency.Hourly => new ForecastDefaults(24, 48, 24),
            TimeFrequency.Daily => yearly ? new ForecastDefaults(365, 30, 7, CalendarFeatures: true, Climatology: true) : new ForecastDefaults(7, 28, 7),
            TimeFrequency.BusinessDaily => new ForecastDefaults(5, 20, 5),
            TimeFrequency.Weekly => new ForecastDefaults(length >= 3 * 52 ? 52 : 1, 26, 4),
            TimeFrequency.Monthly => new ForecastDefaults(12, 24, 12),
            TimeFrequency.Quarterly => new ForecastDefaults(4, 8, 4),
            _ => new ForecastDefaults(1, 10, 3),
        };
        var train = (int)(0.7 * length);
        var season = train >= 2 * d.Season + 1 ? d.Season : 1;
        var budget = Math.Max(2, train / 2); // lookback + horizon
        var horizon = Math.Max(1, Math.Min(d.Horizon, budget / 3));
        var lookback = Math.Max(1, Math.Min(d.Lookback, budget - horizon));
        return d with { Season = season, Lookback = lookback, Horizon = horizon, Climatology = d.Climatology && season > 1, CalendarFeatures = d.CalendarFeatures && season > 1 };
    }

    /// <summary>The defaults for <paramref name="series"/>: its frequency detected from its dates (none without dates), and its length.</summary>
    public static ForecastDefaults For(TimeSeries series) =>
        For(series.Dates is { } dates ? TimeFrequencies.Detect(dates) : null, series.Length);

    /// <summary><paramref name="spec"/> with these Season, Lookback, Horizon, CalendarFeatures and Climatology.</summary>
    public ForecastSpec ApplyTo(ForecastSpec spec) =>
        spec with { Season = Season, Lookback = Lookback, Horizon = Horizon, CalendarFeatures = CalendarFeatures, Climatology = Climatology };
}
