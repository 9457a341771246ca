using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.TimeSeries;

/// <summary>Cuts series into sliding windows (see <see cref="WindowOptions"/> for the layout and count).</summary>
public static class SlidingWindows
{
    /// <summary>
    /// Windows over feature columns and one target column of the same length T.
    /// </summary>
    /// <param name="features">Input columns, each <c>[T]</c> (F columns; the target column itself may be one of them).</param>
    /// <param name="target">Target column <c>[T]</c>.</param>
    /// <param name="options">Layout.</param>
    /// <returns>Inputs <c>[N, Lookback, F]</c>, targets <c>[N, Horizon]</c> or <c>[N, Lookback, Horizon]</c>.</returns>
    public static WindowedSeries Create(IReadOnlyList<double[]> features, double[] target, WindowOptions options)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(target);
        if (features.Count == 0) throw new ArgumentException("At least one feature column is needed.", nameof(features));
        int t = target.Length;
        for (int f = 0; f < features.Count; f++)
        {
            if (features[f].Length != t) throw new ArgumentException($"Feature column {f} has {features[f].Length} steps, the target {t}.", nameof(features));
            if (features[f].Any(double.IsNaN)) throw new ArgumentException($"Feature column {f} holds NaN; load the CSV with a fill policy first.", nameof(features));
        }
        if (target.Any(double.IsNaN)) throw new ArgumentException("The target column holds NaN; load the CSV with a fill policy first.", nameof(target));
        options.Validate(t);

        int n = options.CountFor(t), lookback = options.Lookback, horizon = options.Horizon, width = features.Count;
        var inputs = new float[(long)n * lookback * width];
        bool manyToMany = options.Targets == WindowTargets.ManyToMany;
        var targets = new float[(long)n * (manyToMany ? lookback : 1) * horizon];
        var starts = new int[n];
        long xi = 0, yi = 0;
        for (int i = 0; i < n; i++)
        {
            int s = i * options.Stride;
            starts[i] = s;
            for (int k = 0; k < lookback; k++)
                for (int f = 0; f < width; f++)
                    inputs[xi++] = (float)features[f][s + k];
            if (manyToMany)
                for (int k = 0; k < lookback; k++)
                    for (int h = 1; h <= horizon; h++) targets[yi++] = (float)target[s + k + h];
            else
                for (int h = 0; h < horizon; h++) targets[yi++] = (float)target[s + lookback + h];
        }
        var x = torch.tensor(inputs, [n, lookback, width], ScalarType.Float32);
        var y = manyToMany ? torch.tensor(targets, [n, lookback, horizon], ScalarType.Float32) : torch.tensor(targets, [n, horizon], ScalarType.Float32);
        return new WindowedSeries(x, y, starts, options);
    }

    /// <summary>Univariate shortcut: the series is both the only feature and the target.</summary>
    public static WindowedSeries Create(double[] series, WindowOptions options) => Create([series], series, options);
}
