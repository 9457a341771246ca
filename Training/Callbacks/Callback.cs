namespace RnnZoo.Training.Callbacks;

/// <summary>When a callback runs relative to the others at each event (Lightning runs checkpointing after the callbacks whose state it saves).</summary>
public enum CallbackOrder
{
    /// <summary>Callbacks that decide or change something (schedules, early stopping, the NaN guard, a user's own): first.</summary>
    State = 0,
    /// <summary>The checkpoint: after every state change of the event, so that it saves them.</summary>
    Checkpoint = 1,
    /// <summary>Loggers and progress: last, so that whoever sees "epoch k" can rely on its checkpoint.</summary>
    Report = 2,
}

/// <summary>
/// One concern of training (early stopping, checkpoints, a schedule, logging, ...) as the answer to the events the
/// training loop raises (Lightning's <c>Callback</c>, Keras' <c>keras.callbacks.Callback</c>). A callback holds its own
/// state and saves it in the checkpoint (<see cref="SaveState"/>, <see cref="LoadState"/>), so that a resumed run
/// continues exactly. Every method does nothing by default.
/// </summary>
public abstract class Callback
{
    /// <summary>Where it runs among the others at each event.</summary>
    public virtual CallbackOrder Order => CallbackOrder.State;

    /// <summary>The key of its state in a checkpoint (unique among a trainer's callbacks; the type name by default).</summary>
    public virtual string StateKey => GetType().Name;

    /// <summary>Before the first epoch (after a resume has restored every state).</summary>
    public virtual void OnFitStart(TrainingContext context) { }

    /// <summary>Before the training batches of an epoch (<see cref="TrainingContext.Epoch"/>, 0-based).</summary>
    public virtual void OnEpochStart(TrainingContext context) { }

    /// <summary>Before a training batch (<see cref="TrainingContext.Batch"/>, 0-based within the epoch).</summary>
    public virtual void OnBatchStart(TrainingContext context) { }

    /// <summary>After a training batch, with what its step measured.</summary>
    public virtual void OnBatchEnd(TrainingContext context, BatchOutcome outcome) { }

    /// <summary>After the training batches and the validation of an epoch, before its record is made.</summary>
    public virtual void OnTrainEpochEnd(TrainingContext context) { }

    /// <summary>After an epoch, with its record (losses, metrics, learning rate, ...).</summary>
    public virtual void OnEpochEnd(TrainingContext context, EpochRecord record) { }

    /// <summary>Training was cancelled after the current batch (<see cref="TrainingContext.Batch"/> batches of the epoch done).</summary>
    public virtual void OnInterrupted(TrainingContext context) { }

    /// <summary>After the last epoch, with the result.</summary>
    public virtual void OnFitEnd(TrainingContext context, FitResult result) { }

    /// <summary>Writes what a resumed run needs to continue exactly.</summary>
    public virtual void SaveState(CallbackState state) { }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    public virtual void LoadState(CallbackState state) { }
}

/// <summary>What one training step measured.</summary>
/// <param name="Batch">0-based index of the batch in its epoch.</param>
/// <param name="Size">Samples in the batch.</param>
/// <param name="Loss">The batch's mean loss; not finite means the step was not applied.</param>
/// <param name="GradientNorm">Global L2 norm of the gradients before clipping (NaN when the step was not applied).</param>
public readonly record struct BatchOutcome(int Batch, long Size, double Loss, double GradientNorm)
{
    /// <summary>False when the loss was NaN or infinite (the optimizer did not step).</summary>
    public bool Finite => double.IsFinite(Loss);
}
