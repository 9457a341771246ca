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
    /// In-sample MAE of the seasonal naive forecast on the training part, <c>mean |y_t − y_{t−m}|</c> over
    /// t = m..T−1 (m = 1: the naive forecast): MASE's scale.
    /// </summary>
    public static double NaiveScale(IReadOnlyList<double> training, int season = 1)
    {
        if (season <= 0) throw new ArgumentOutOfRangeException(nameof(season), season, "season must be positive.");
        if (training.Count <= season) throw new ArgumentException($"The training part ({training.Count} values) must be longer than the season ({season}).", nameof(training));
        return Enumerable.Range(season, training.Count - season).Average(t => Math.Abs(training[t] - training[t - season]));
    }

    /// <summary>Mean absolute scaled error: MAE divided by <see cref="NaiveScale"/> of the training part (m = 1 naive, m = season seasonal naive).</summary>
    public static double Mase(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double> training, int season = 1) =>
        Mae(actual, predicted) / NaiveScale(training, season);

    private static IEnumerable<(double A, double P)> Pairs(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        if (actual.Count != predicted.Count) throw new ArgumentException($"predicted: expected {actual.Count} values, got {predicted.Count}.");
        if (actual.Count == 0) throw new ArgumentException("No values to compare.");
        return actual.Zip(predicted, (a, p) => (a, p));
    }
}
