using RnnZoo.Training.Checkpoints;
using static TorchSharp.torch;

namespace RnnZoo.Training.Callbacks;

/// <summary>
/// Stops training at the first NaN or infinite training loss (Lightning's <c>detect_anomaly</c> spirit, Keras'
/// <c>TerminateOnNaN</c>) and puts back the weights of the last good epoch. The loop never applies a non-finite step;
/// the run's last checkpoint, written at the end of that good epoch, is kept as it is.
/// </summary>
public sealed class NanGuard : Callback
{
    private Dictionary<string, Tensor>? _lastGood;

    /// <inheritdoc />
    public override void OnFitStart(TrainingContext context) => Replace(WeightSnapshot.Of(context.Model));

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingContext context, BatchOutcome outcome)
    {
        if (outcome.Finite) return;
        WeightSnapshot.Restore(context.Model, _lastGood!);
        var kept = context.CheckpointPath is { } path && File.Exists(path) ? $" and its checkpoint {path} kept." : ".";
        context.RequestStop(StopReason.NonFiniteLoss,
            $"stopped: the training loss became {outcome.Loss} at epoch {context.Epoch + 1}, batch {outcome.Batch + 1}. " +
            $"The weights of the last good epoch ({context.History.Count}) were put back{kept}");
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record) => Replace(WeightSnapshot.Of(context.Model));

    /// <inheritdoc />
    public override void OnFitEnd(TrainingContext context, FitResult result) => Replace(null);

    private void Replace(Dictionary<string, Tensor>? weights)
    {
        WeightSnapshot.Dispose(_lastGood);
        _lastGood = weights;
    }
}
