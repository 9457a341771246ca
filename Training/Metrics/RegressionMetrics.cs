namespace RnnZoo.Training.Metrics;

/// <summary>
/// Forecast accuracy measures (Hyndman and Athanasopoulos, FPP3 section 5.8), in the series' own units.
/// </summary>
public static class RegressionMetrics
{
    /// <summary>Mean absolute error.</summary>
    public static double Mae(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) => Pairs(actual, predicted).Average(p => Math.Abs(p.A - p.P));

    /// <summary>Root mean squared error.</summary>
    public static double Rmse(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) => Math.Sqrt(Pairs(actual, predicted).Average(p => (p.A - p.P) * (p.A - p.P)));

    /// <summary>Mean absolute percentage error, in percent (undefined, NaN, if an actual value is 0).</summary>
    public static double Mape(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) =>
        Pairs(actual, predicted).Any(p => p.A == 0) ? double.NaN : 100 * Pairs(actual, predicted).Average(p => Math.Abs((p.A - p.P) / p.A));

    /// <summary>Symmetric MAPE in percent: mean of 2|a − p| / (|a| + |p|) (pairs with both zero count as 0).</summary>
    public static double Smape(IReadOnlyList<double> actual, IReadOnlyList<double> predicted) =>
        100 * Pairs(actual, predicted).Average(p => Math.Abs(p.A) + Math.Abs(p.P) == 0 ? 0 : 2 * Math.Abs(p.A - p.P) / (Math.Abs(p.A) + Math.Abs(p.P)));

    /// <summary>
    /// MASE's scale (FPP3 5.8): the in-sample MAE of the seasonal naive forecast, <c>mean |y_t − y_{t−m}|</c> over
    /// t = m..T−1 of <paramref name="inSample"/> (m = 1: the naive forecast). RnnZoo's forecasting evaluation passes
    /// everything before the test part (training and validation), <c>y[0 .. TestStart)</c>: the data the forecasts may learn from.
    /// </summary>
    /// <exception cref="ArgumentException">The in-sample part is not longer than the season. (A constant in-sample part gives 0, and MASE infinity or NaN.)</exception>
    public static double NaiveScale(IReadOnlyList<double> inSample, int season = 1)
    {
        if (season <= 0) throw new ArgumentOutOfRangeException(nameof(season), season, "season must be positive.");
        if (inSample.Count <= season) throw new ArgumentException($"The in-sample part ({inSample.Count} values) must be longer than the season ({season}).", nameof(inSample));
        return Enumerable.Range(season, inSample.Count - season).Average(t => Math.Abs(inSample[t] - inSample[t - season]));
    }

    /// <summary>
    /// Mean absolute scaled error: MAE of <paramref name="predicted"/> divided by <see cref="NaiveScale"/> of
    /// <paramref name="inSample"/> (m = 1 naive, m = season seasonal naive). Below 1: better than the in-sample
    /// one-step (seasonal) naive forecast. The only definition of MASE in RnnZoo.
    /// </summary>
    public static double Mase(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double> inSample, int season = 1) =>
        Mae(actual, predicted) / NaiveScale(inSample, season);

    private static IEnumerable<(double A, double P)> Pairs(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        if (actual.Count != predicted.Count) throw new ArgumentException($"predicted: expected {actual.Count} values, got {predicted.Count}.");
        if (actual.Count == 0) throw new ArgumentException("No values to compare.");
        return actual.Zip(predicted, (a, p) => (a, p));
    }
}
