using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.TimeSeries;

/// <summary>What a window's target is.</summary>
public enum WindowTarget
{
    /// <summary>The next Horizon values of the target after the window: <c>[N, horizon, 1]</c>.</summary>
    ManyToOne,
    /// <summary>At every step t of the window, the target Horizon steps later: <c>[N, lookback, 1]</c>.</summary>
    ManyToMany,
}

/// <summary>Sliding windows over a series, as tensors for a sequence regressor.</summary>
public static class SeriesWindows
{
    /// <summary>
    /// Number of windows: <c>floor((T − lookback − horizon) / stride) + 1</c> when <c>T ≥ lookback + horizon</c>, else 0.
    /// Window n covers steps <c>[n·stride, n·stride + lookback)</c>; its targets end at step <c>n·stride + lookback + horizon − 1</c>.
    /// </summary>
    public static int Count(int length, int lookback, int horizon, int stride = 1)
    {
        Validate(lookback, horizon, stride);
        return length < lookback + horizon ? 0 : (length - lookback - horizon) / stride + 1;
    }

    /// <summary>
    /// Windows of <paramref name="features"/> (<c>[time, F]</c> row-major) with targets from column
    /// <paramref name="targetColumn"/>: inputs <c>[N, lookback, F]</c>, targets per <paramref name="target"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The series is shorter than lookback + horizon, or a bad size.</exception>
    public static (Tensor Inputs, Tensor Targets) Make(float[] features, int featureCount, int targetColumn, int lookback, int horizon,
        int stride = 1, WindowTarget target = WindowTarget.ManyToOne)
    {
        Validate(lookback, horizon, stride);
        if (featureCount <= 0 || features.Length % featureCount != 0) throw new ArgumentException($"features: length {features.Length} is not a multiple of featureCount {featureCount}.", nameof(features));
        if (targetColumn < 0 || targetColumn >= featureCount) throw new ArgumentOutOfRangeException(nameof(targetColumn), targetColumn, $"targetColumn must be in [0, {featureCount}).");
        var length = features.Length / featureCount;
        var n = Count(length, lookback, horizon, stride);
        if (n == 0) throw new ArgumentException($"The series has {length} steps; lookback {lookback} + horizon {horizon} needs at least {lookback + horizon}.");
        var x = new float[(long)n * lookback * featureCount];
        var targetLength = target == WindowTarget.ManyToOne ? horizon : lookback;
        var y = new float[(long)n * targetLength];
        for (var w = 0; w < n; w++)
        {
            var start = w * stride;
            Array.Copy(features, (long)start * featureCount, x, (long)w * lookback * featureCount, (long)lookback * featureCount);
            for (var k = 0; k < targetLength; k++)
            {
                var step = target == WindowTarget.ManyToOne ? start + lookback + k : start + k + horizon;
                y[(long)w * targetLength + k] = features[(long)step * featureCount + targetColumn];
            }
        }
        return (tensor(x, new long[] { n, lookback, featureCount }), tensor(y, new long[] { n, targetLength, 1 }));
    }

    private static void Validate(int lookback, int horizon, int stride)
    {
        if (lookback <= 0) throw new ArgumentOutOfRangeException(nameof(lookback), lookback, $"lookback must be positive, got {lookback}.");
        if (horizon <= 0) throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"horizon must be positive, got {horizon}.");
        if (stride <= 0) throw new ArgumentOutOfRangeException(nameof(stride), stride, $"stride must be positive, got {stride}.");
    }
}
