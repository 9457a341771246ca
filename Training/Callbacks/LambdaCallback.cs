namespace RnnZoo.Training.Callbacks;

/// <summary>A callback made of delegates, for a concern of a few lines (Keras' <c>LambdaCallback</c>); it keeps no state.</summary>
/// <param name="onEpochEnd">After each epoch.</param>
/// <param name="onBatchEnd">After each training batch.</param>
/// <param name="onFitEnd">After the last epoch.</param>
public sealed class LambdaCallback(Action<TrainingContext, EpochRecord>? onEpochEnd = null, Action<TrainingContext, BatchOutcome>? onBatchEnd = null,
    Action<TrainingContext, FitResult>? onFitEnd = null) : Callback
{
    /// <inheritdoc />
    public override CallbackOrder Order => CallbackOrder.Report;

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record) => onEpochEnd?.Invoke(context, record);

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingContext context, BatchOutcome outcome) => onBatchEnd?.Invoke(context, outcome);

    /// <inheritdoc />
    public override void OnFitEnd(TrainingContext context, FitResult result) => onFitEnd?.Invoke(context, result);
}
