using RnnZoo.Data.TimeSeries;
using RnnZoo.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Forecasting;

/// <summary>A trained multi-step forecaster (a model mapping <c>[N, Lookback, InputSize]</c> to <c>[N, Horizon, 1]</c>) applied to a <see cref="ForecastSeries"/>.</summary>
public static class Forecaster
{
    /// <summary>
    /// The model's forecasts from the windows ending at <paramref name="origins"/>, <c>[origin][h − 1]</c> in the target's
    /// units (<see cref="ForecastSeries.ToUnits"/>). Puts the model in evaluation mode.
    /// </summary>
    /// <param name="model">The forecaster.</param>
    /// <param name="series">The series, scaled as the model was trained.</param>
    /// <param name="origins">Origins in <c>[Lookback − 1, Length − 1]</c>.</param>
    /// <param name="device">Where the model is (default CPU).</param>
    public static double[][] Predict(SequenceModel model, ForecastSeries series, IReadOnlyList<int> origins, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(series);
        if (origins.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var windows = series.Windows(origins);
        var output = model.forward(windows.Inputs.to(device ?? CPU), null).cpu().to(ScalarType.Float64);
        var h = series.Spec.Horizon;
        if (output.numel() != (long)origins.Count * h)
            throw new ArgumentException($"The model gives {string.Join("x", output.shape)} for {origins.Count} windows; expected [{origins.Count}, {h}, 1] (horizon {h}).", nameof(model));
        var values = output.data<double>().ToArray();
        return Enumerable.Range(0, origins.Count).Select(n => series.ToUnits(values[(n * h)..((n + 1) * h)], origins[n])).ToArray();
    }

    /// <summary>The <c>Horizon</c> steps after the series' last row, dated at its frequency when it has dates.</summary>
    /// <exception cref="ArgumentException">The series is shorter than the lookback.</exception>
    public static IReadOnlyList<ForecastStep> ForecastAfterEnd(SequenceModel model, ForecastSeries series, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Length < series.Spec.Lookback)
            throw new ArgumentException($"'{series.Source}' ({series.Key}) has {series.Length} rows; the model reads the last {series.Spec.Lookback}.");
        var forecast = Predict(model, series, [series.LastOrigin], device)[0];
        var dates = series.Dates is { Length: > 1 } ? series.FutureDates(forecast.Length) : null;
        return forecast.Select((v, i) => new ForecastStep(i + 1, dates?[i], v)).ToArray();
    }
}
