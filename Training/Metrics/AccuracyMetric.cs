using static TorchSharp.torch;

namespace RnnZoo.Training.Metrics;

/// <summary>Share of correct predictions of logits <c>[batch, classes]</c> against int64 labels <c>[batch]</c> ("accuracy"); a count per batch, nothing kept.</summary>
public sealed class AccuracyMetric : Metric
{
    private long _correct, _count;

    /// <inheritdoc />
    public override void Reset() => (_correct, _count) = (0, 0);

    /// <inheritdoc />
    public override void Update(Tensor prediction, Tensor target)
    {
        if (prediction.dim() != 2) return; // per-step logits [B, T, C]: not a sequence-level accuracy
        using var scope = NewDisposeScope();
        _correct += prediction.argmax(1).eq(target).sum().item<long>();
        _count += prediction.shape[0];
    }

    /// <inheritdoc />
    public override string SaveState() => FormattableString.Invariant($"{_correct} {_count}");

    /// <inheritdoc />
    public override void LoadState(string state)
    {
        var parts = state.Split(' ');
        (_correct, _count) = (long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Compute() =>
        _count == 0 ? new Dictionary<string, double>() : new Dictionary<string, double> { ["accuracy"] = _correct / (double)_count };
}
