using RnnZoo.Training.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Callbacks;

/// <summary>
/// Stops training once the monitored value has not improved for <c>patience</c> epochs (Keras' <c>EarlyStopping</c>):
/// any logged value, lower or higher is better. With <c>restoreBestWeights</c> the model ends with the weights of its
/// best epoch. Its state (best value and epoch, epochs waited, best weights) is checkpointed.
/// </summary>
public sealed class EarlyStopping : Callback
{
    private double _best;
    private int _bestEpoch, _wait;
    private Dictionary<string, Tensor>? _bestWeights;
    private bool _warned;

    /// <summary>Creates the callback.</summary>
    /// <param name="monitor">What to watch (default val_loss, lower is better).</param>
    /// <param name="patience">Epochs without improvement before stopping (0: stop at the first).</param>
    /// <param name="minDelta">Smallest change that counts as an improvement.</param>
    /// <param name="restoreBestWeights">End with the weights of the best epoch.</param>
    public EarlyStopping(MetricMonitor? monitor = null, int patience = 3, double minDelta = 0, bool restoreBestWeights = true)
    {
        if (patience < 0) throw new ArgumentOutOfRangeException(nameof(patience), patience, "Patience must be zero or positive.");
        if (minDelta < 0) throw new ArgumentOutOfRangeException(nameof(minDelta), minDelta, "MinDelta must be zero or positive.");
        Monitor = monitor ?? new MetricMonitor();
        (Patience, MinDelta, RestoreBestWeights) = (patience, minDelta, restoreBestWeights);
        _best = Monitor.Worst;
    }

    /// <summary>What is watched.</summary>
    public MetricMonitor Monitor { get; }
    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }
    /// <summary>Smallest change that counts.</summary>
    public double MinDelta { get; }
    /// <summary>Whether the best weights are put back at the end.</summary>
    public bool RestoreBestWeights { get; }
    /// <summary>The best epoch so far (1-based), 0 before any.</summary>
    public int BestEpoch => _bestEpoch;

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        if (record.Value(Monitor.Name) is not { } value)
        {
            if (!_warned) context.Output.WriteLine($"early stopping: '{Monitor.Name}' is not logged (logged: {string.Join(", ", record.Values().Keys)}); it does nothing.");
            _warned = true;
            return;
        }
        if (Monitor.Improves(value, _best, MinDelta))
        {
            (_best, _bestEpoch, _wait) = (value, record.Epoch, 0);
            if (RestoreBestWeights) ReplaceBest(WeightSnapshot.Of(context.Model));
            return;
        }
        _wait++;
        // Keras' rule: stop once the number of epochs without improvement reaches the patience.
        if (_wait >= Patience)
            context.RequestStop(StopReason.EarlyStopping,
                $"early stopping after epoch {record.Epoch}: no improvement of {Monitor.Name} for {_wait} epochs (best: epoch {_bestEpoch}, {Monitor.Name} {_best:G5})");
    }

    /// <inheritdoc />
    public override void OnFitEnd(TrainingContext context, FitResult result)
    {
        // After a NaN the guard has put back the last good weights, which the run's checkpoint also holds.
        if (RestoreBestWeights && _bestWeights is not null && result.Reason is not (StopReason.NonFiniteLoss or StopReason.Interrupted))
            WeightSnapshot.Restore(context.Model, _bestWeights);
        ReplaceBest(null);
    }

    /// <inheritdoc />
    public override void SaveState(CallbackState state)
    {
        state.Set("best", _best);
        state.Set("best_epoch", _bestEpoch);
        state.Set("wait", _wait);
        if (_bestWeights is not null) state.SetTensors("best_weights", _bestWeights);
    }

    /// <inheritdoc />
    public override void LoadState(CallbackState state)
    {
        (_best, _bestEpoch, _wait) = (state.Get<double>("best"), state.Get<int>("best_epoch"), state.Get<int>("wait"));
        if (state.GetTensors("best_weights") is { } weights)
            ReplaceBest(weights.ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope()));
    }

    // The snapshot lives outside every DisposeScope: the one it replaces is disposed here, or memory grows each epoch.
    private void ReplaceBest(Dictionary<string, Tensor>? weights)
    {
        WeightSnapshot.Dispose(_bestWeights);
        _bestWeights = weights;
    }
}
