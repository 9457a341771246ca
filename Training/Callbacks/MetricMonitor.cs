namespace RnnZoo.Training.Callbacks;

/// <summary>Whether a monitored value improves by going down or up (Keras' <c>mode</c>).</summary>
public enum MonitorMode
{
    /// <summary>Max for names that are accuracy-like (accuracy, auc, f1, precision, recall), min for the others (Keras' "auto").</summary>
    Auto,
    /// <summary>Lower is better (losses, errors).</summary>
    Min,
    /// <summary>Higher is better (accuracy).</summary>
    Max,
}

/// <summary>A value watched across epochs: its name in the logs, and which way is better.</summary>
/// <param name="Name">A key of <see cref="EpochRecord.Values"/>: <c>loss</c>, <c>val_loss</c>, <c>val_accuracy</c>, ...</param>
/// <param name="Mode">Which way is better.</param>
public sealed record MetricMonitor(string Name = "val_loss", MonitorMode Mode = MonitorMode.Auto)
{
    /// <summary>The mode with Auto resolved from the name.</summary>
    public MonitorMode Resolved => Mode != MonitorMode.Auto ? Mode
        : new[] { "acc", "auc", "f1", "precision", "recall" }.Any(k => Name.Contains(k, StringComparison.OrdinalIgnoreCase)) ? MonitorMode.Max : MonitorMode.Min;

    /// <summary>True when <paramref name="value"/> beats <paramref name="best"/> by more than <paramref name="minDelta"/>.</summary>
    public bool Improves(double value, double best, double minDelta = 0) =>
        Resolved == MonitorMode.Max ? value > best + minDelta : value < best - minDelta;

    /// <summary>The starting "best": +∞ for min, −∞ for max.</summary>
    public double Worst => Resolved == MonitorMode.Max ? double.NegativeInfinity : double.PositiveInfinity;
}
