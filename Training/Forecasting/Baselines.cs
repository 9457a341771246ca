namespace RnnZoo.Training.Forecasting;

/// <summary>
/// Benchmark forecasts of <c>y[origin + h]</c> from what is known at <c>origin</c> (FPP3 5.2): the bar a learned
/// forecaster has to clear.
/// </summary>
public static class Baselines
{
    /// <summary>Naive: the last value.</summary>
    public static double Naive(double[] y, int origin, int h) => y[origin];

    /// <summary>Seasonal naive: the value one season (or k seasons) before the target, <c>y[o + h − m(k + 1)]</c>, k = ⌊(h − 1)/m⌋.</summary>
    public static double SeasonalNaive(double[] y, int origin, int h, int m) => y[origin + h - m * ((h - 1) / m + 1)];

    /// <summary>Drift: the last value plus h times the average change so far.</summary>
    public static double Drift(double[] y, int origin, int h) => origin == 0 ? y[0] : y[origin] + h * (y[origin] - y[0]) / origin;

    /// <summary>Climatology (daily data): the mean of the same calendar day in earlier years, known at the origin; naive if none.</summary>
    public static double Climatology(double[] y, DateTime[] dates, int origin, int h)
    {
        var target = dates[origin + h];
        double sum = 0;
        var count = 0;
        for (var t = 0; t <= origin; t++)
            if (dates[t].Month == target.Month && dates[t].Day == target.Day) { sum += y[t]; count++; }
        return count == 0 ? y[origin] : sum / count;
    }
}
