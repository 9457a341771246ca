using RnnZoo.Data.Csv;
using RnnZoo.Data.Batching;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// One series made ready for a <see cref="ForecastSpec"/>: its dates checked (frequency, gaps, duplicates), split in
/// time, standardised with the training part's statistics, and cut into windows at any origins. The one windowing
/// pipeline of RnnZoo.
/// <para>
/// A window is named by its origin o, the last step it observes: inputs are steps <c>o − Lookback + 1 .. o</c> of every
/// input column, targets the target at <c>o + 1 .. o + Horizon</c>. Windows are cut from the whole series, so a
/// validation or test window reads its inputs from the parts before it and no origin of a part is lost; a window
/// belongs to the part its first forecast step falls in. Origins up to the last step are allowed, with the unknown
/// future as NaN targets (forecasting past the end of the file).
/// </para>
/// </summary>
public sealed class ForecastSeries
{
    private ForecastSeries(ForecastSpec spec, string source, string key, double[][] values, DateTime[]? dates, DateReport? report, int filled,
        ChronologicalSplit? split, AffineScaler scaler, double[][] inputs)
    {
        Spec = spec; Source = source; Key = key; Values = values; Dates = dates; DateReport = report; FilledPeriods = filled;
        Split = split; Scaler = scaler; Inputs = inputs;
    }

    /// <summary>The problem.</summary>
    public ForecastSpec Spec { get; }
    /// <summary>Where the series came from (the CSV file, or the series' key).</summary>
    public string Source { get; }
    /// <summary>The series' key (its key value in a long-format file, else the file name).</summary>
    public string Key { get; }
    /// <summary>The columns of <see cref="ForecastSpec.Columns"/> in their own units, <c>[columns][Length]</c>, the target first (after gap filling).</summary>
    public IReadOnlyList<double[]> Values { get; }
    /// <summary>The target in its own units, <c>[Length]</c>.</summary>
    public double[] Target => Values[0];
    /// <summary>The dates of the steps, or null when the file has none (steps are rows).</summary>
    public DateTime[]? Dates { get; }
    /// <summary>What the dates said before any gap was filled (null without dates).</summary>
    public DateReport? DateReport { get; }
    /// <summary>The series' frequency (given or detected), or null.</summary>
    public TimeFrequency? Frequency => Spec.Frequency ?? DateReport?.Frequency;
    /// <summary>Rows inserted for missing periods (<see cref="GapPolicy.Interpolate"/>, <see cref="GapPolicy.ForwardFill"/>).</summary>
    public int FilledPeriods { get; }
    /// <summary>The train / validation / test parts; null for a series scaled with a saved scaler (new data to forecast from).</summary>
    public ChronologicalSplit? Split { get; }
    /// <summary>Per-column standardisation (column 0 is the target), fitted on the training part or given.</summary>
    public AffineScaler Scaler { get; }
    /// <summary>The model's input columns <c>[InputSize][Length]</c>: the standardised CSV columns, the target first, then sin
    /// and cos of the day of the year when asked. Relative scaling is applied per window, not here.</summary>
    public IReadOnlyList<double[]> Inputs { get; }
    /// <summary>Steps T.</summary>
    public int Length => Target.Length;

    /// <summary>Reads the spec's series from <paramref name="csvPath"/>, then <see cref="Create"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="CsvFormatException">A malformed file (line and column named).</exception>
    /// <exception cref="InvalidDataException">Missing values, duplicated dates or gaps the spec's policies do not accept.</exception>
    /// <exception cref="ArgumentException">An inconsistent spec, a column or series not in the file, or a series too short.</exception>
    public static ForecastSeries Load(string csvPath, ForecastSpec spec) => Build(Read(csvPath, spec), spec, null, csvPath);

    /// <summary>Reads the spec's series from <paramref name="csvPath"/>, then <see cref="WithScaler"/> (new data for a trained model).</summary>
    public static ForecastSeries Load(string csvPath, ForecastSpec spec, AffineScaler scaler) => Build(Read(csvPath, spec), spec, scaler, csvPath);

    /// <summary>Checks the dates, splits <paramref name="series"/> by the spec's fractions and fits the scaler on the training part.</summary>
    public static ForecastSeries Create(TimeSeries series, ForecastSpec spec) => Build(series, spec, null, series.Key);

    /// <summary>
    /// Checks the dates and scales <paramref name="series"/> with a saved <paramref name="scaler"/> (one column per
    /// <see cref="ForecastSpec.Columns"/>, as the model was trained), without a split: to forecast from new data.
    /// </summary>
    public static ForecastSeries WithScaler(TimeSeries series, ForecastSpec spec, AffineScaler scaler) =>
        Build(series, spec, scaler ?? throw new ArgumentNullException(nameof(scaler)), series.Key);

    /// <summary>Every origin whose whole horizon lies in the training part (the training windows).</summary>
    public int[] TrainOrigins => Origins(Spec.Lookback - 1, RequireSplit().TrainEnd - 1 - Spec.Horizon);
    /// <summary>Every origin whose whole horizon lies in the validation part.</summary>
    public int[] ValidationOrigins => Origins(Math.Max(Spec.Lookback - 1, RequireSplit().TrainEnd - 1), RequireSplit().TestStart - 1 - Spec.Horizon);
    /// <summary>Every origin whose whole horizon lies in the test part (the windows of a test loss).</summary>
    public int[] TestOrigins => Origins(Math.Max(Spec.Lookback - 1, RequireSplit().TestStart - 1), Length - 1 - Spec.Horizon);
    /// <summary>
    /// The rolling origins of the evaluation: every origin whose next step lies in the test part, <c>TestStart − 1 .. Length − 2</c>
    /// (at horizon h those with <c>o + h &lt; Length</c> are scored).
    /// </summary>
    public int[] EvaluationOrigins => Origins(RequireSplit().TestStart - 1, Length - 2);
    /// <summary>The last step: the origin of the forecast past the end of the series.</summary>
    public int LastOrigin => Length - 1;

    /// <summary>
    /// Inputs and targets of the windows ending at <paramref name="origins"/> (each in <c>[Lookback − 1, Length − 1]</c>).
    /// The tensors belong to the current DisposeScope.
    /// </summary>
    public ForecastWindows Windows(IReadOnlyList<int> origins)
    {
        ArgumentNullException.ThrowIfNull(origins);
        var (lookback, horizon, features) = (Spec.Lookback, Spec.Horizon, Inputs.Count);
        var relative = Spec.Scaling == ForecastScaling.RelativeToLast;
        var change = Spec.Scaling != ForecastScaling.Standard;
        var x = new float[origins.Count * lookback * features];
        var y = new float[origins.Count * horizon];
        var target = Inputs[0];
        for (var n = 0; n < origins.Count; n++)
        {
            var o = origins[n];
            if (o < lookback - 1 || o >= Length)
                throw new ArgumentOutOfRangeException(nameof(origins), o, $"An origin must lie in [{lookback - 1}, {Length - 1}] (lookback {lookback}, {Length} steps).");
            var start = o - lookback + 1;
            for (var t = 0; t < lookback; t++)
                for (var f = 0; f < features; f++)
                    x[(n * lookback + t) * features + f] = (float)(f == 0 && relative ? Inputs[0][start + t] - target[o] : Inputs[f][start + t]);
            for (var h = 0; h < horizon; h++)
                y[n * horizon + h] = o + 1 + h < Length ? (float)(target[o + 1 + h] - (change ? target[o] : 0)) : float.NaN;
        }
        return new ForecastWindows(tensor(x, new long[] { origins.Count, lookback, features }), tensor(y, new long[] { origins.Count, horizon, 1 }), origins.ToArray());
    }

    /// <summary>
    /// A batch source of the windows at <paramref name="origins"/>, its tensors outside every DisposeScope (they live as
    /// long as the loader).
    /// </summary>
    public TensorBatchLoader Loader(IReadOnlyList<int> origins, int batchSize, bool shuffle = false, int seed = 0)
    {
        if (origins.Count == 0) throw new ArgumentException($"No window to load from '{Source}' ({Key}).", nameof(origins));
        var w = Windows(origins);
        return new TensorBatchLoader(w.Inputs.DetachFromDisposeScope(), w.Targets.DetachFromDisposeScope(), null, new BatchLoaderOptions(batchSize, Shuffle: shuffle, Seed: seed));
    }

    /// <summary>The training windows, shuffled by <paramref name="seed"/>.</summary>
    public TensorBatchLoader TrainLoader(int batchSize, int seed = 0) => Loader(Part(TrainOrigins, "training"), batchSize, true, seed);
    /// <summary>The validation windows, in time order.</summary>
    public TensorBatchLoader ValidationLoader(int batchSize = 256) => Loader(Part(ValidationOrigins, "validation"), batchSize);
    /// <summary>The test windows, in time order.</summary>
    public TensorBatchLoader TestLoader(int batchSize = 256) => Loader(Part(TestOrigins, "test"), batchSize);

    /// <summary>
    /// A model's <c>Horizon</c> outputs for the window at <paramref name="origin"/> (scaled, as the targets of
    /// <see cref="Windows"/>) in the target's units: the value at the origin added back unless the scaling is standard,
    /// then the standardisation undone.
    /// </summary>
    public double[] ToUnits(IEnumerable<double> outputs, int origin)
    {
        var origin0 = Spec.Scaling == ForecastScaling.Standard ? 0 : Inputs[0][origin];
        return Scaler.InverseTransform(outputs.Select(v => v + origin0).ToArray(), 0);
    }

    /// <summary>
    /// The dates of the <paramref name="count"/> steps after the last one at the series' frequency (calendar months for
    /// monthly data); without a frequency, the median step between dates. Null without dates.
    /// </summary>
    public DateTime[]? FutureDates(int count)
    {
        if (Dates is not { Length: > 0 } dates) return null;
        if (Frequency is { } f) return Enumerable.Range(1, count).Select(i => f.Add(dates[^1], i)).ToArray();
        if (dates.Length < 2) return null;
        var steps = dates.Zip(dates.Skip(1), (a, b) => b - a).Order().ToArray();
        var median = steps[steps.Length / 2];
        return Enumerable.Range(1, count).Select(i => dates[^1] + median * i).ToArray();
    }

    /// <summary>One line about the series: rows, frequency, gaps filled, the split, lookback and horizon.</summary>
    public string Describe()
    {
        var frequency = Frequency is not { } f ? ""
            : $", {f.Name()}" + (FilledPeriods > 0 ? $" ({FilledPeriods} missing periods filled: {Spec.Gaps})"
                : DateReport is { MissingCount: > 0 } r ? $" ({r.MissingCount} missing periods ignored: rows are steps)" : "");
        var split = Split is { } s ? $", train [0, {s.TrainEnd}), validation [{s.TrainEnd}, {s.TestStart}), test [{s.TestStart}, {s.Length})" : "";
        return $"{Key} '{Spec.Target}': {Length} rows{frequency}{split}; lookback {Spec.Lookback}, horizon {Spec.Horizon}";
    }

    private static int[] Origins(int first, int last) => Enumerable.Range(first, Math.Max(0, last - first + 1)).ToArray();

    private int[] Part(int[] origins, string part)
    {
        if (origins.Length > 0) return origins;
        var s = RequireSplit();
        throw new ArgumentException($"No {part} window fits in '{Source}' ({Key}): train [0, {s.TrainEnd}), validation [{s.TrainEnd}, {s.TestStart}), " +
                                    $"test [{s.TestStart}, {s.Length}) with lookback {Spec.Lookback} and horizon {Spec.Horizon}.");
    }

    private ChronologicalSplit RequireSplit() => Split
        ?? throw new InvalidOperationException($"'{Source}' ({Key}) was scaled with a saved scaler and has no train/validation/test split.");

    private static TimeSeries Read(string csvPath, ForecastSpec spec)
    {
        spec.Validate();
        var frame = CsvSeriesLoader.Load(csvPath, spec.CsvOptions());
        if (spec.Series is { } key)
            return frame.Series.FirstOrDefault(s => s.Key == key)
                ?? throw new ArgumentException($"No series '{key}' in '{csvPath}' (key column '{spec.Key}'); it has: {string.Join(", ", frame.Series.Select(s => s.Key))}.");
        if (frame.Series.Count > 1)
            throw new ArgumentException($"'{csvPath}' holds {frame.Series.Count} series ({string.Join(", ", frame.Series.Select(s => s.Key))}); choose one with Series.");
        return frame.Series[0];
    }

    private static ForecastSeries Build(TimeSeries series, ForecastSpec spec, AffineScaler? scaler, string source)
    {
        ArgumentNullException.ThrowIfNull(series);
        spec.Validate();
        // Columns are matched as the CSV loader matches them: exactly, else ignoring case.
        var columns = spec.Columns.Select(c => series.ColumnNames.FirstOrDefault(n => n == c)
            ?? series.ColumnNames.FirstOrDefault(n => string.Equals(n, c, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{source}' ({series.Key}) has no column '{c}'; it has: {string.Join(", ", series.ColumnNames)}.")).ToArray();
        foreach (var c in columns)
            if (series[c].Count(double.IsNaN) is > 0 and var n)
                throw new InvalidDataException($"'{source}' ({series.Key}): column '{c}' holds {n} missing value(s); choose a missing-value policy (drop, forward fill, interpolate).");

        // The dates: one row per period, or the spec's gap policy.
        DateReport? report = null;
        var filled = 0;
        if (series.Dates is { } dates)
        {
            report = DateReport.Analyze(dates, spec.Frequency);
            if (spec.Gaps != GapPolicy.Ignore)
            {
                var what = $"'{source}' ({series.Key})";
                if (report.Frequency is not { } frequency)
                    throw new InvalidDataException($"{what}: the dates have no regular frequency (none of hourly, daily, business-daily, weekly, monthly, " +
                                                   "quarterly, yearly); give the Frequency, or take rows as steps with the gap policy Ignore.");
                if (report.Duplicates.Count > 0)
                    throw new InvalidDataException($"{what}, {frequency.Name()}: {report.DescribeDuplicates()}. Keep one row per period.");
                if (report.Gaps.Count > 0)
                {
                    if (spec.Gaps == GapPolicy.Error)
                        throw new InvalidDataException($"{what}, {frequency.Name()}: {report.DescribeGaps()}. Choose a gap policy (interpolate, ffill) to fill them, " +
                                                       "or ignore to take rows as steps.");
                    (series, filled) = GapFilling.Fill(series, frequency, spec.Gaps);
                }
            }
        }
        else if (spec.CalendarFeatures || spec.Climatology)
            throw new ArgumentException($"'{source}' ({series.Key}) has no date column; {(spec.CalendarFeatures ? "CalendarFeatures" : "Climatology")} needs dates.");

        var raw = columns.Select(c => series[c]).ToArray();
        var length = series.Length;
        ChronologicalSplit? split = null;
        if (scaler is null)
        {
            split = ChronologicalSplit.FromFractions(length, spec.ValidationFraction, spec.TestFraction);
            if (split.TrainEnd < spec.Lookback + spec.Horizon + 1)
                throw new ArgumentException($"'{source}' ({series.Key}) has {length} rows: too few for lookback {spec.Lookback} and horizon {spec.Horizon} with this split " +
                                            $"(the training part holds {split.TrainEnd}; it needs at least {spec.Lookback + spec.Horizon + 1}).");
            if (spec.Season > 1 && split.TestStart <= spec.Season)
                throw new ArgumentException($"'{source}' ({series.Key}): season {spec.Season} needs more steps before the test part than it has ({split.TestStart}).");
            scaler = new StandardScaler().Fit(raw.Select(c => c[..split.TrainEnd]).ToArray());
        }
        else if (scaler.ColumnCount != columns.Length)
            throw new ArgumentException($"The scaler has {scaler.ColumnCount} column(s); the spec reads {columns.Length} ({string.Join(", ", columns)}).", nameof(scaler));

        var inputs = scaler.Transform(raw);
        if (spec.CalendarFeatures)
        {
            // Day of the year as an angle: 1 January and 31 December are neighbours, as they are in the weather.
            var angle = series.Dates!.Select(d => 2 * Math.PI * (d.DayOfYear - 1) / 365.25).ToArray();
            inputs = [.. inputs, angle.Select(Math.Sin).ToArray(), angle.Select(Math.Cos).ToArray()];
        }
        return new ForecastSeries(spec, source, series.Key, raw, series.Dates, report, filled, split, scaler, inputs);
    }
}
