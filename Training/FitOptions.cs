using RnnZoo.Training.Callbacks;
using RnnZoo.Training.Logging;
using RnnZoo.Training.Schedules;

namespace RnnZoo.Training;

/// <summary>How progress is shown.</summary>
public enum ProgressMode
{
    /// <summary>A bar with ETA on a terminal, plain lines when the output is redirected.</summary>
    Auto,
    /// <summary>Always the bar.</summary>
    Bar,
    /// <summary>One plain line per epoch.</summary>
    Lines,
    /// <summary>Nothing.</summary>
    None,
}

/// <summary>
/// Everything <see cref="Trainer.Fit"/> needs besides the model and the data, as plain data. The trainer turns the
/// concerns into its standard callbacks (<see cref="CreateCallbacks"/>); a program adds its own beside them.
/// </summary>
/// <param name="Epochs">Epochs to train (in all, counting those before a resume).</param>
/// <param name="Loss">The loss (a custom one is passed to the trainer instead).</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Schedule">Learning-rate schedule (default: constant).</param>
/// <param name="Clipping">Gradient clipping (default: none).</param>
/// <param name="EarlyStopping">Early stopping (default: none).</param>
/// <param name="Seed">Seeds dropout and any randomness of the harness (the data order is the batch source's seed).</param>
/// <param name="Device">"cpu", "cuda" or "cuda:N".</param>
/// <param name="CheckpointDirectory">Where the checkpoint goes (null: none).</param>
/// <param name="CheckpointEvery">Write a checkpoint every this many epochs (and at the end).</param>
/// <param name="MetricsLog">JSON-lines log, one line per epoch and a summary line (null: none).</param>
/// <param name="Progress">How progress is shown.</param>
/// <param name="Resume">Continue from the checkpoint in <see cref="CheckpointDirectory"/> if there is one.</param>
/// <param name="FlushDenormals">Flush denormal floats to zero in libtorch's CPU arithmetic (see <see cref="RnnZoo.Models.Runtime.Denormals"/>):
/// gradients through long sequences otherwise take the processor's slow path (7x slower steps measured).</param>
/// <param name="TensorBoardDirectory">Where TensorBoard event files go (null: none).</param>
/// <param name="KeepLargeBuffers">Serve libtorch's large buffers from the C heap instead of fresh mappings (see
/// <see cref="RnnZoo.Models.Runtime.NativeAllocator"/>): a 30% faster training step measured on seed 002's network.</param>
public sealed record FitOptions(
    int Epochs,
    LossKind Loss,
    OptimizerSpec? Optimizer = null,
    ScheduleSpec? Schedule = null,
    ClippingSpec? Clipping = null,
    EarlyStoppingSpec? EarlyStopping = null,
    int Seed = 0,
    string Device = "cpu",
    string? CheckpointDirectory = null,
    int CheckpointEvery = 1,
    string? MetricsLog = null,
    ProgressMode Progress = ProgressMode.Auto,
    bool Resume = false,
    bool FlushDenormals = true,
    string? TensorBoardDirectory = null,
    bool KeepLargeBuffers = true)
{
    /// <summary>The optimizer, or Adam at 1e-3 when none is given.</summary>
    public OptimizerSpec OptimizerOrDefault => Optimizer ?? new OptimizerSpec();

    /// <summary>The checkpoint file (<c>checkpoint.bin</c> in <see cref="CheckpointDirectory"/>), or null.</summary>
    public string? CheckpointPath => CheckpointDirectory is { } d ? Path.Combine(d, "checkpoint.bin") : null;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public FitOptions Validate()
    {
        if (Epochs <= 0) throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, $"Epochs must be positive, got {Epochs}.");
        if (CheckpointEvery <= 0) throw new ArgumentOutOfRangeException(nameof(CheckpointEvery), CheckpointEvery, "CheckpointEvery must be positive.");
        if (Clipping is { MaxNorm: <= 0 } or { MaxValue: <= 0 }) throw new ArgumentOutOfRangeException(nameof(Clipping), "Clipping thresholds must be positive.");
        if (EarlyStopping is { Patience: < 0 }) throw new ArgumentOutOfRangeException(nameof(EarlyStopping), "Patience must be zero or positive.");
        if (Resume && CheckpointDirectory is null) throw new ArgumentException("Resume needs a CheckpointDirectory.", nameof(Resume));
        Schedule?.Validate();
        return this;
    }

    /// <summary>
    /// The callbacks these options ask for: NaN guard, learning-rate schedule, early stopping, trimming both heaps,
    /// checkpoint, metrics log, TensorBoard, progress.
    /// </summary>
    public IReadOnlyList<Callback> CreateCallbacks(TextWriter output)
    {
        var callbacks = new List<Callback> { new NanGuard(), new LearningRateScheduler(Schedule ?? new ScheduleSpec(), OptimizerOrDefault.LearningRate) };
        if (EarlyStopping is { } es) callbacks.Add(new Callbacks.EarlyStopping(es.Monitor, es.Patience, es.MinDelta, es.RestoreBestWeights));
        callbacks.Add(new MemoryTrim());
        if (CheckpointPath is { } checkpoint) callbacks.Add(new ModelCheckpoint(checkpoint, CheckpointEvery));
        if (MetricsLog is { } log) callbacks.Add(new MetricsLog(log));
        if (TensorBoardDirectory is { } tensorboard) callbacks.Add(new TensorBoardLogger(tensorboard));
        if (Progress != ProgressMode.None) callbacks.Add(new ProgressReporter(output, Progress));
        return callbacks;
    }
}
