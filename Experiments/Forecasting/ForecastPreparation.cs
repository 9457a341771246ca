using RnnZoo.Data.Batching;
using RnnZoo.Data.TimeSeries;
using RnnZoo.Experiments.Running;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Forecasting;

/// <summary>Windows of a CSV series for a multi-step forecaster, split in time, scaled on the training part only.</summary>
public static class ForecastPreparation
{
    /// <summary>Loads, splits, scales and windows the series.</summary>
    public static PreparedData Prepare(Registry.ForecastData spec, int batchSize, int seed, string? dataDirectory)
    {
        if (dataDirectory is null) throw new ArgumentException($"This experiment reads '{spec.File}' under --data-dir; pass --data-dir (e.g. ../shared/data).");
        var path = Path.Combine(dataDirectory, spec.File);
        var columns = new[] { spec.Target }.Concat(spec.Features).ToList();
        var frame = CsvSeriesLoader.Load(path, new CsvSeriesOptions(KeyColumn: spec.Key, Target: spec.Target, Columns: columns));
        var series = spec.Series is null ? frame.Series.Single() : frame[spec.Series];
        var raw = columns.Select(c => series[c]).ToArray();
        var length = series.Length;
        var testStart = length - (int)Math.Round(length * spec.TestFraction);
        var trainEnd = testStart - (int)Math.Round(length * spec.ValidationFraction);
        if (trainEnd < spec.Lookback + spec.Horizon + 1)
            throw new ArgumentException($"'{path}' ({series.Key}) has {length} rows: too few for lookback {spec.Lookback} and horizon {spec.Horizon} with this split.");

        var scaler = new StandardScaler().Fit(raw.Select(c => c[..trainEnd]).ToArray());
        var dates = series.Dates ?? Enumerable.Range(0, length).Select(i => DateTime.UnixEpoch.AddDays(i)).ToArray();
        if (spec.CalendarFeatures && series.Dates is null) throw new ArgumentException($"CalendarFeatures needs dates; '{path}' has no date column.");
        var inputs = Inputs(spec, scaler.Transform(raw), dates);
        var context = new ForecastContext(spec, raw[0], dates, inputs, trainEnd, testStart, scaler);

        // A window ends at its origin o (last step read); its targets are the next Horizon values.
        TensorBatchLoader Windows(int firstOrigin, int lastOrigin, bool shuffle, int size)
        {
            var origins = Enumerable.Range(firstOrigin, Math.Max(0, lastOrigin - firstOrigin + 1)).ToArray();
            if (origins.Length == 0) throw new ArgumentException($"No window fits between rows {firstOrigin} and {lastOrigin} of '{path}'.");
            var (x, y) = Build(context, origins);
            return new TensorBatchLoader(x.DetachFromDisposeScope(), y.DetachFromDisposeScope(), null, new BatchLoaderOptions(size, Shuffle: shuffle, Seed: seed));
        }
        var lb = spec.Lookback - 1;
        return new PreparedData(
            Windows(lb, trainEnd - 1 - spec.Horizon, true, batchSize),
            Windows(Math.Max(lb, trainEnd - 1), testStart - 1 - spec.Horizon, false, 256),
            Windows(Math.Max(lb, testStart - 1), length - 1 - spec.Horizon, false, 256),
            $"{spec.File} {series.Key} '{spec.Target}': {length} rows, train [0, {trainEnd}), validation [{trainEnd}, {testStart}), test [{testStart}, {length}); lookback {spec.Lookback}, horizon {spec.Horizon}",
            context);
    }

    /// <summary>The model's input columns: the scaled CSV columns, then sin and cos of the day of the year when asked.</summary>
    public static double[][] Inputs(Registry.ForecastData spec, double[][] scaled, IReadOnlyList<DateTime> dates)
    {
        if (!spec.CalendarFeatures) return scaled;
        // Day of the year as an angle: 1 January and 31 December are neighbours, as they are in the weather.
        var angle = dates.Select(d => 2 * Math.PI * (d.DayOfYear - 1) / 365.25).ToArray();
        return scaled.Append(angle.Select(Math.Sin).ToArray()).Append(angle.Select(Math.Cos).ToArray()).ToArray();
    }

    /// <summary>
    /// Inputs <c>[N, lookback, F]</c> and targets <c>[N, horizon, 1]</c> of the windows ending at <paramref name="origins"/>:
    /// the scaled target, or its change from the value at the origin when the spec predicts changes.
    /// </summary>
    public static (Tensor Inputs, Tensor Targets) Build(ForecastContext c, IReadOnlyList<int> origins)
    {
        var (lookback, horizon, features) = (c.Spec.Lookback, c.Spec.Horizon, c.Features.Length);
        var x = new float[origins.Count * lookback * features];
        var y = new float[origins.Count * horizon];
        for (var n = 0; n < origins.Count; n++)
        {
            var start = origins[n] - lookback + 1;
            for (var t = 0; t < lookback; t++)
                for (var f = 0; f < features; f++) x[(n * lookback + t) * features + f] = (float)c.Features[f][start + t];
            for (var h = 0; h < horizon; h++)
                y[n * horizon + h] = origins[n] + 1 + h < c.Target.Length
                    ? (float)(c.Features[0][origins[n] + 1 + h] - (c.Spec.PredictChange ? c.Features[0][origins[n]] : 0))
                    : float.NaN;
        }
        return (tensor(x, new long[] { origins.Count, lookback, features }), tensor(y, new long[] { origins.Count, horizon, 1 }));
    }
}
