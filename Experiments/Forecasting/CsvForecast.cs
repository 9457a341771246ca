using RnnZoo.Data.TimeSeries;
using RnnZoo.Models;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Forecasting;

/// <summary>A trained forecaster on a CSV: forecasts the steps after the file's last row.</summary>
public static class CsvForecast
{
    /// <summary>One forecast step: how far ahead, its date when the file has dates, and the value in the target's units.</summary>
    public sealed record Step(int Ahead, DateTime? Date, double Value);

    /// <summary>
    /// Reads <paramref name="csvPath"/> with the columns of <paramref name="spec"/> (and its key column for a long-format
    /// file), scales the last <c>Lookback</c> rows with the training scaling and forecasts the next <c>Horizon</c> steps.
    /// </summary>
    /// <param name="model">The trained forecaster.</param>
    /// <param name="spec">The experiment's data spec (columns, lookback, horizon).</param>
    /// <param name="scaling">The run's scaling (scaler.json).</param>
    /// <param name="csvPath">The CSV file.</param>
    /// <param name="series">Which series of a long-format file (default: the spec's).</param>
    /// <exception cref="ArgumentException">The file lacks a column, the series, or has fewer rows than the lookback.</exception>
    public static IReadOnlyList<Step> Forecast(SequenceModel model, Registry.ForecastData spec, ForecastScaling scaling, string csvPath, string? series = null)
    {
        if (!File.Exists(csvPath)) throw new FileNotFoundException($"No CSV file '{csvPath}'.", csvPath);
        var columns = new[] { spec.Target }.Concat(spec.Features).ToArray();
        if (!columns.SequenceEqual(scaling.Columns))
            throw new InvalidDataException($"scaler.json has columns {string.Join(", ", scaling.Columns)}, the experiment reads {string.Join(", ", columns)}.");
        var frame = CsvSeriesLoader.Load(csvPath, new CsvSeriesOptions(KeyColumn: spec.Key, Target: spec.Target, Columns: columns));
        var key = series ?? spec.Series;
        var data = key is null ? frame.Series.First() : frame[key];
        if (data.Length < spec.Lookback)
            throw new ArgumentException($"'{csvPath}' ({data.Key}) has {data.Length} rows; the model reads the last {spec.Lookback}.");

        // The file's rows as a forecasting context (the run's scaling, no split), and the window ending at its last row.
        if (spec.CalendarFeatures && data.Dates is null) throw new ArgumentException($"'{csvPath}' has no dates; this forecaster reads the day of the year.");
        var scaler = scaling.ToScaler();
        var raw = columns.Select(c => data[c]).ToArray();
        var rowDates = data.Dates ?? Enumerable.Range(0, data.Length).Select(i => DateTime.UnixEpoch.AddDays(i)).ToArray();
        var context = new ForecastContext(spec, raw[0], rowDates, ForecastPreparation.Inputs(spec, scaler.Transform(raw), rowDates), 0, 0, scaler);
        var forecast = ForecastEvaluation.Predict(model, context, new[] { data.Length - 1 }, CPU)[0];
        var dates = data.Dates is { Length: > 1 } d ? FutureDates(d, forecast.Length) : null;
        return forecast.Select((v, i) => new Step(i + 1, dates?[i], v)).ToArray();
    }

    /// <summary>
    /// The dates of the <paramref name="count"/> steps after the last of <paramref name="dates"/>, at the series' own
    /// frequency: calendar months for monthly data (28-31 days apart), else the median interval.
    /// </summary>
    public static DateTime[] FutureDates(IReadOnlyList<DateTime> dates, int count)
    {
        var gaps = dates.Zip(dates.Skip(1), (a, b) => b - a).OrderBy(g => g).ToArray();
        var median = gaps[gaps.Length / 2];
        var last = dates[^1];
        var monthly = median.TotalDays is >= 28 and <= 31;
        return Enumerable.Range(1, count).Select(i => monthly ? last.AddMonths(i) : last + median * i).ToArray();
    }
}
