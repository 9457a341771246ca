namespace RnnZoo.Data.TimeSeries;

/// <summary>Scaling applied by <see cref="PreparedSeries.Prepare"/>.</summary>
public enum ScalerKind
{
    /// <summary>Values as they are.</summary>
    None,
    /// <summary><see cref="StandardScaler"/>.</summary>
    Standard,
    /// <summary><see cref="MinMaxScaler"/> onto [0, 1].</summary>
    MinMax,
}

/// <summary>
/// A series made ready for forecasting: split in time order, scaled with parameters fitted on the training
/// part only, and cut into windows within each part (no window crosses a part boundary, so no test value
/// is ever an input of a training window).
/// </summary>
public sealed class PreparedSeries
{
    private PreparedSeries(ChronologicalSplit split, WindowedSeries train, WindowedSeries? validation, WindowedSeries? test,
        AffineScaler? featureScaler, AffineScaler? targetScaler, IReadOnlyList<string> features, string target)
    {
        Split = split; Train = train; Validation = validation; Test = test; FeatureScaler = featureScaler; TargetScaler = targetScaler; Features = features; Target = target;
    }

    /// <summary>The step ranges of the three parts.</summary>
    public ChronologicalSplit Split { get; }
    /// <summary>Training windows.</summary>
    public WindowedSeries Train { get; }
    /// <summary>Validation windows, or null when the validation part is empty.</summary>
    public WindowedSeries? Validation { get; }
    /// <summary>Test windows, or null when the test part is empty.</summary>
    public WindowedSeries? Test { get; }
    /// <summary>Scaler of the feature columns (one pair per feature), or null.</summary>
    public AffineScaler? FeatureScaler { get; }
    /// <summary>Scaler of the target column: <c>TargetScaler.InverseTransform(predictions)</c> gives the series' units. Null when unscaled.</summary>
    public AffineScaler? TargetScaler { get; }
    /// <summary>Feature column names in input order (the last axis of the inputs).</summary>
    public IReadOnlyList<string> Features { get; }
    /// <summary>Target column name.</summary>
    public string Target { get; }

    /// <summary>Splits, scales and windows <paramref name="series"/>. Tensors belong to the current DisposeScope.</summary>
    /// <param name="series">The series.</param>
    /// <param name="target">Target column.</param>
    /// <param name="features">Input columns; null uses the target alone (univariate).</param>
    /// <param name="window">Window layout.</param>
    /// <param name="trainFraction">Share of steps for training.</param>
    /// <param name="validationFraction">Share of steps for validation; the rest is test.</param>
    /// <param name="scaler">Scaling, fitted on the training part.</param>
    public static PreparedSeries Prepare(TimeSeries series, string target, IReadOnlyList<string>? features, WindowOptions window,
        double trainFraction = 0.7, double validationFraction = 0.15, ScalerKind scaler = ScalerKind.Standard)
    {
        features ??= [target];
        var split = ChronologicalSplit.Create(series.Length, trainFraction, validationFraction);
        var featureColumns = features.Select(f => series[f]).ToArray();
        var targetColumn = series[target];
        AffineScaler? NewScaler() => scaler switch { ScalerKind.Standard => new StandardScaler(), ScalerKind.MinMax => new MinMaxScaler(), _ => null };
        var featureScaler = NewScaler()?.Fit(featureColumns.Select(c => c[split.Train]).ToArray());
        var targetScaler = NewScaler()?.Fit(targetColumn[split.Train]);

        WindowedSeries? Cut(Range part, string name)
        {
            var (offset, length) = part.GetOffsetAndLength(series.Length);
            if (length == 0) return null;
            if (window.CountFor(length) == 0)
                throw new ArgumentOutOfRangeException(nameof(window),
                    $"The {name} part of series '{series.Key}' has {length} steps, too few for lookback {window.Lookback} + horizon {window.Horizon}.");
            var f = featureColumns.Select((c, i) => featureScaler?.Transform(c[part], i) ?? c[part]).ToArray();
            var t = targetScaler?.Transform(targetColumn[part]) ?? targetColumn[part];
            return SlidingWindows.Create(f, t, window);
        }

        var train = Cut(split.Train, "training")!;
        return new PreparedSeries(split, train, Cut(split.Validation, "validation"), Cut(split.Test, "test"), featureScaler, targetScaler, features.ToArray(), target);
    }
}
