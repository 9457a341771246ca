using RnnZoo.Data.TimeSeries;
using RnnZoo.Models;
using RnnZoo.Training.Metrics;
using static TorchSharp.torch;

namespace RnnZoo.Training.Forecasting;

/// <summary>
/// Rolling-origin evaluation over the test part (FPP3 5.10): at every origin o of
/// <see cref="ForecastSeries.EvaluationOrigins"/> with <c>o + h</c> in the series, each method forecasts
/// <c>y[o + h]</c> from what is known at o. Scored at horizon 1 and at the spec's horizon: MAE and RMSE in the series'
/// units, and MASE (FPP3 5.8) scaled by the in-sample MAE of the seasonal naive forecast (naive when the season is 1)
/// over everything before the test part, <c>y[0 .. TestStart)</c>: the training and the validation part, the data every
/// method may learn from (<see cref="RegressionMetrics.Mase"/>, the one definition).
/// <para>
/// Baselines (<see cref="Baselines"/>): naive, drift, seasonal naive (season &gt; 1), climatology (when the spec asks),
/// additive Holt-Winters (season &gt; 1 and more than two seasons of training data; fitted on the training part).
/// </para>
/// </summary>
public static class ForecastEvaluation
{
    /// <summary>The name of a model's forecasts in the report.</summary>
    public const string Model = "model";

    /// <summary>Evaluates <paramref name="model"/> (see <see cref="Forecaster.Predict"/>) against the baselines.</summary>
    public static ForecastReport Evaluate(SequenceModel model, ForecastSeries series, Device? device = null) =>
        Evaluate(series, new Dictionary<string, double[][]> { [Model] = Forecaster.Predict(model, series, series.EvaluationOrigins, device) });

    /// <summary>
    /// Evaluates the baselines and any given forecasts: method name → <c>[i][h − 1]</c> at
    /// <c>series.EvaluationOrigins[i]</c>, in the target's units (at least the spec's horizon per origin).
    /// </summary>
    /// <exception cref="ArgumentException">Forecasts of another shape, a name of a baseline, or a series without a split.</exception>
    public static ForecastReport Evaluate(ForecastSeries series, IReadOnlyDictionary<string, double[][]>? forecasts = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var spec = series.Spec;
        var split = series.Split ?? throw new ArgumentException($"'{series.Source}' has no test part: it was scaled with a saved scaler.", nameof(series));
        var y = series.Target;
        var length = y.Length;
        var origins = series.EvaluationOrigins;
        var horizon = spec.Horizon;

        var methods = new Dictionary<string, Func<int, int, int, double>>();
        foreach (var (name, values) in forecasts ?? new Dictionary<string, double[][]>())
        {
            if (values.Length != origins.Length || values.Any(v => v.Length < horizon))
                throw new ArgumentException($"Forecasts '{name}': expected {origins.Length} origins x {horizon} steps, got {values.Length} origins.", nameof(forecasts));
            methods[name] = (i, _, h) => values[i][h - 1];
        }
        void Add(string name, Func<int, int, int, double> method)
        {
            if (!methods.TryAdd(name, method)) throw new ArgumentException($"Forecasts '{name}': the name of a baseline.", nameof(forecasts));
        }
        Add("naive", (_, o, h) => Baselines.Naive(y, o, h));
        Add("drift", (_, o, h) => Baselines.Drift(y, o, h));
        if (spec.Season > 1) Add("seasonal_naive", (_, o, h) => Baselines.SeasonalNaive(y, o, h, spec.Season));
        if (spec.Climatology) Add("climatology", (_, o, h) => Baselines.Climatology(y, series.Dates!, o, h));
        if (spec.Season > 1 && split.TrainEnd > 2 * spec.Season)
        {
            var holtWinters = HoltWinters.Fit(y, split.TrainEnd, spec.Season);
            Add("holt_winters", (_, o, h) => holtWinters.Forecast(o, h));
        }

        // Every method at every origin and step (NaN past the end of the series).
        var all = methods.ToDictionary(m => m.Key, m => origins.Select((o, i) =>
            Enumerable.Range(1, horizon).Select(h => o + h < length ? m.Value(i, o, h) : double.NaN).ToArray()).ToArray());
        var inSample = y[..split.TestStart];
        var horizons = new Dictionary<string, IReadOnlyDictionary<string, ForecastAccuracy>>();
        foreach (var h in new[] { 1, horizon }.Distinct())
        {
            var at = Enumerable.Range(0, origins.Length).Where(i => origins[i] + h < length).ToArray();
            var actual = at.Select(i => y[origins[i] + h]).ToArray();
            horizons[$"h{h}"] = all.ToDictionary(m => m.Key, m =>
            {
                var forecast = at.Select(i => m.Value[i][h - 1]).ToArray();
                return new ForecastAccuracy(RegressionMetrics.Mae(actual, forecast), RegressionMetrics.Rmse(actual, forecast),
                    RegressionMetrics.Mase(actual, forecast, inSample, spec.Season), at.Length);
            }) as IReadOnlyDictionary<string, ForecastAccuracy>;
        }
        return new ForecastReport(spec.Target, origins, y, series.Dates, horizons, all, RegressionMetrics.NaiveScale(inSample, spec.Season),
            forecasts?.Keys.ToArray() ?? []);
    }
}
