using RnnZoo.Training.Plots;

namespace RnnZoo.Training.Forecasting;

/// <summary>The result of <see cref="ForecastEvaluation.Evaluate(RnnZoo.Data.TimeSeries.ForecastSeries, IReadOnlyDictionary{string, double[][]}?)"/>.</summary>
public sealed class ForecastReport
{
    private readonly double[] _target;
    private readonly IReadOnlyList<string> _models;

    internal ForecastReport(string target, int[] origins, double[] y, DateTime[]? dates, IReadOnlyDictionary<string, IReadOnlyDictionary<string, ForecastAccuracy>> horizons,
        IReadOnlyDictionary<string, double[][]> forecasts, double maseScale, IReadOnlyList<string> models)
    {
        Target = target; Origins = origins; _target = y; Horizons = horizons; Forecasts = forecasts; MaseScale = maseScale; _models = models;
        OneStepDates = dates is null ? null : origins.Select(o => dates[o + 1]).ToArray();
    }

    /// <summary>The target column.</summary>
    public string Target { get; }
    /// <summary>The rolling origins (<see cref="RnnZoo.Data.TimeSeries.ForecastSeries.EvaluationOrigins"/>).</summary>
    public IReadOnlyList<int> Origins { get; }
    /// <summary>
    /// <c>"h1"</c> and <c>"hH"</c> (H the spec's horizon) → method → accuracy; methods in the order: the given forecasts
    /// (e.g. <c>model</c>), naive, drift, seasonal_naive, climatology, holt_winters (those that apply).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, ForecastAccuracy>> Horizons { get; }
    /// <summary>Method → <c>[i][h − 1]</c>: its forecast of <c>y[Origins[i] + h]</c> in the target's units, NaN past the end of the series.</summary>
    public IReadOnlyDictionary<string, double[][]> Forecasts { get; }
    /// <summary>The dates of the one-step-ahead targets <c>y[Origins[i] + 1]</c> (the x axis of <see cref="Plot"/>), or null without dates.</summary>
    public IReadOnlyList<DateTime>? OneStepDates { get; }
    /// <summary>MASE's denominator: the in-sample seasonal-naive MAE of everything before the test part.</summary>
    public double MaseScale { get; }

    /// <summary>The method with the lowest MAE at <paramref name="horizon"/> (e.g. <c>"h1"</c>) among the baselines (the given forecasts left out).</summary>
    public string BestBaseline(string horizon = "h1") => Horizons[horizon].Where(p => !_models.Contains(p.Key)).MinBy(p => p.Value.Mae).Key;

    /// <summary>One line per horizon, methods from the lowest MAE: <c>h1 (rolling origin over the test part): naive MAE 2.353 RMSE 3.062 MASE 0.571; ...</c>.</summary>
    public IEnumerable<string> Lines() => Horizons.Select(p => $"{p.Key} (rolling origin over the test part): " + string.Join("; ",
        p.Value.OrderBy(m => m.Value.Mae).Select(m => $"{m.Key} MAE {m.Value.Mae:F3} RMSE {m.Value.Rmse:F3} MASE {m.Value.Mase:F3}")));

    /// <summary>
    /// A PNG of the one-step-ahead forecasts over the test part: the actual values, the first given forecasts (or the best
    /// baseline when none were given) and the best baseline at horizon 1.
    /// </summary>
    public void Plot(string path)
    {
        var actual = Origins.Select(o => _target[o + 1]).ToArray();
        var best = BestBaseline();
        double[] OneStep(string method) => Forecasts[method].Select(f => f[0]).ToArray();
        var main = _models.Count > 0 ? _models[0] : best;
        TrainingPlots.ActualVersusPredicted(path, OneStepDates, actual, OneStep(main), $"{Target}: one step ahead over the test part", Target,
            main == best ? null : new Dictionary<string, IReadOnlyList<double>> { [best] = OneStep(best) });
    }
}
