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
        var scaled = scaler.Transform(raw);
        var context = new ForecastContext(spec, raw[0], series.Dates ?? Enumerable.Range(0, length).Select(i => DateTime.UnixEpoch.AddDays(i)).ToArray(),
            scaled, trainEnd, testStart, scaler);

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

    /// <summary>Inputs <c>[N, lookback, F]</c> and scaled targets <c>[N, horizon, 1]</c> of the windows ending at <paramref name="origins"/>.</summary>
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
                y[n * horizon + h] = origins[n] + 1 + h < c.Target.Length ? (float)c.Features[0][origins[n] + 1 + h] : float.NaN;
        }
        return (tensor(x, new long[] { origins.Count, lookback, features }), tensor(y, new long[] { origins.Count, horizon, 1 }));
    }
}
