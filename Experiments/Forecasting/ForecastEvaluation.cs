using RnnZoo.Models;
using RnnZoo.Training.Metrics;
using RnnZoo.Training.Plots;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Forecasting;

/// <summary>
/// Rolling-origin evaluation over the test part (FPP3 5.10): at every origin o with o + h in the test part, the
/// model and each baseline forecast y[o + h]; MAE and RMSE in the series' units, MASE scaled by the in-sample
/// seasonal-naive error of the training part (FPP3 5.8).
/// </summary>
public static class ForecastEvaluation
{
    /// <summary>Accuracy of one method at one horizon.</summary>
    public sealed record Accuracy(double Mae, double Rmse, double Mase, int Forecasts);

    /// <summary>Evaluates at horizon 1 and at the spec's horizon; writes plots/forecast.png (horizon 1, test part).</summary>
    /// <returns>horizon → method → accuracy.</returns>
    public static Dictionary<string, Dictionary<string, Accuracy>> Evaluate(SequenceModel model, ForecastContext c, Device device, string plotPath)
    {
        var spec = c.Spec;
        var y = c.Target;
        var length = y.Length;
        var origins = Enumerable.Range(c.TestStart - 1, length - c.TestStart).ToArray(); // o + 1 runs over the test part
        var predictions = Predict(model, c, origins, device); // [origin][h], in units
        var scale = RegressionMetrics.NaiveScale(y[..c.TrainEnd], spec.Season);
        HoltWinters? holtWinters = null;
        if (spec.Season > 1 && c.TrainEnd > 2 * spec.Season)
            holtWinters = HoltWinters.Fit(y, c.TrainEnd, spec.Season);

        var methods = new Dictionary<string, Func<int, int, int, double>>
        {
            ["model"] = (i, o, h) => predictions[i][h - 1],
            ["naive"] = (_, o, h) => Baselines.Naive(y, o, h),
            ["drift"] = (_, o, h) => Baselines.Drift(y, o, h),
        };
        if (spec.Season > 1) methods["seasonal_naive"] = (_, o, h) => Baselines.SeasonalNaive(y, o, h, spec.Season);
        if (spec.Climatology) methods["climatology"] = (_, o, h) => Baselines.Climatology(y, c.Dates, o, h);
        if (holtWinters is not null) methods["holt_winters"] = (_, o, h) => holtWinters.Forecast(o, h);

        var result = new Dictionary<string, Dictionary<string, Accuracy>>();
        foreach (var h in new[] { 1, spec.Horizon }.Distinct())
        {
            var at = Enumerable.Range(0, origins.Length).Where(i => origins[i] + h < length).ToArray();
            var actual = at.Select(i => y[origins[i] + h]).ToArray();
            result[$"h{h}"] = methods.ToDictionary(m => m.Key, m =>
            {
                var forecast = at.Select(i => m.Value(i, origins[i], h)).ToArray();
                var mae = RegressionMetrics.Mae(actual, forecast);
                return new Accuracy(mae, RegressionMetrics.Rmse(actual, forecast), mae / scale, at.Length);
            });
        }

        var one = Enumerable.Range(0, origins.Length).Where(i => origins[i] + 1 < length).ToArray();
        var baselines = methods.Keys.Where(k => k != "model").ToDictionary(k => k, k => (IReadOnlyList<double>)one.Select(i => methods[k](i, origins[i], 1)).ToArray());
        var best = result["h1"].Where(p => p.Key != "model").OrderBy(p => p.Value.Mae).First().Key;
        TrainingPlots.ActualVersusPredicted(plotPath, one.Select(i => c.Dates[origins[i] + 1]).ToArray(), one.Select(i => y[origins[i] + 1]).ToArray(), one.Select(i => predictions[i][0]).ToArray(),
            $"{spec.Target}: one step ahead over the test part", spec.Target,
            new Dictionary<string, IReadOnlyList<double>> { [best] = baselines[best] });
        return result;
    }

    /// <summary>
    /// The model's forecasts from the windows ending at <paramref name="origins"/>, <c>[origin][h]</c> in the target's
    /// units (changes added back to the value at the origin when the spec predicts changes).
    /// </summary>
    public static double[][] Predict(SequenceModel model, ForecastContext c, int[] origins, Device device)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var (x, _) = ForecastPreparation.Build(c, origins);
        var scaled = model.forward(x.to(device), null).cpu().to(ScalarType.Float64); // [N, H, 1]
        var values = scaled.data<double>().ToArray();
        var h = c.Spec.Horizon;
        // Changes are added back to the (scaled) value at the origin before leaving the scaled units.
        return Enumerable.Range(0, origins.Length)
            .Select(n => c.Scaler.InverseTransform(values[(n * h)..((n + 1) * h)]
                .Select(v => v + (c.Spec.PredictChange ? c.Features[0][origins[n]] : 0)).ToArray(), 0)).ToArray();
    }
}
