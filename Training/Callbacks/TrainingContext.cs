using RnnZoo.Models;
using TorchSharp.Modules;

namespace RnnZoo.Training.Callbacks;

/// <summary>
/// What the training loop shows its callbacks, and the few things they may change: the learning rate, and a request
/// to stop. The loop fills it in as it goes; a callback reads the model, the optimizer, the current epoch and batch
/// and the history of finished epochs.
/// </summary>
public sealed class TrainingContext
{
    private readonly List<EpochRecord> _history = new();

    internal TrainingContext(SequenceModel model, OptimizerHelper optimizer, FitOptions options, Loss loss, int batchCount, TextWriter output, string? checkpointPath,
        Action<string, TrainingContext> saveCheckpoint)
    {
        (Model, Optimizer, Options, Loss, BatchCount, Output, CheckpointPath, _saveCheckpoint) = (model, optimizer, options, loss, batchCount, output, checkpointPath, saveCheckpoint);
    }

    private readonly Action<string, TrainingContext> _saveCheckpoint;

    /// <summary>The model being trained.</summary>
    public SequenceModel Model { get; }
    /// <summary>Its optimizer.</summary>
    public OptimizerHelper Optimizer { get; }
    /// <summary>The fit's options.</summary>
    public FitOptions Options { get; }
    /// <summary>The loss.</summary>
    public Loss Loss { get; }
    /// <summary>Epochs to train in all (counting those before a resume).</summary>
    public int Epochs => Options.Epochs;
    /// <summary>Training batches per epoch.</summary>
    public int BatchCount { get; }
    /// <summary>Where messages go.</summary>
    public TextWriter Output { get; }
    /// <summary>The run's checkpoint file (<c>checkpoint.bin</c> in <see cref="FitOptions.CheckpointDirectory"/>), or null.</summary>
    public string? CheckpointPath { get; }

    /// <summary>The current epoch, 0-based (during an epoch), or the number of finished epochs (between them).</summary>
    public int Epoch { get; internal set; }
    /// <summary>The current batch within the epoch, 0-based; after an interruption, the number of batches done.</summary>
    public int Batch { get; internal set; }
    /// <summary>Training batches done since the first epoch (resumed runs included): the step of per-batch schedules.</summary>
    public long GlobalStep => (long)Epoch * BatchCount + Batch;
    /// <summary>Finished epochs, oldest first.</summary>
    public IReadOnlyList<EpochRecord> History => _history;
    /// <summary>The checkpoint this fit resumed from, or null.</summary>
    public string? ResumedFrom { get; internal set; }
    /// <summary>The training part of the current epoch so far (sums over its batches).</summary>
    public EpochProgress Progress { get; internal set; } = new();

    /// <summary>The learning rate of the optimizer's first group; setting it sets every group's.</summary>
    public double LearningRate
    {
        get => Optimizer.ParamGroups.First().LearningRate;
        set { foreach (var group in Optimizer.ParamGroups) group.LearningRate = value; }
    }

    /// <summary>True once a callback (or a cancellation) asked the loop to stop.</summary>
    public bool StopRequested => StopReason is not null;
    /// <summary>Why the loop is to stop, or null.</summary>
    public StopReason? StopReason { get; private set; }
    /// <summary>The sentence explaining the stop.</summary>
    public string? StopMessage { get; private set; }

    /// <summary>Asks the loop to stop: after this batch during an epoch, after this epoch at its end. The first request wins.</summary>
    public void RequestStop(StopReason reason, string message)
    {
        if (StopRequested) return;
        (StopReason, StopMessage) = (reason, message);
    }

    /// <summary>Writes the run's checkpoint to <paramref name="path"/> now (model, optimizer, random state, history, every callback's state).</summary>
    public void SaveCheckpoint(string path) => _saveCheckpoint(path, this);

    internal System.Diagnostics.Stopwatch EpochWatch { get; } = new();

    internal void AddRecord(EpochRecord record) => _history.Add(record);

    internal void SetHistory(IEnumerable<EpochRecord> records)
    {
        _history.Clear();
        _history.AddRange(records);
    }
}

/// <summary>Sums over the training batches of the current epoch so far (saved in a checkpoint made mid-epoch).</summary>
public sealed record EpochProgress
{
    /// <summary>Batches done.</summary>
    public int Batches { get; init; }
    /// <summary>Samples done.</summary>
    public long Samples { get; init; }
    /// <summary>Sum of batch loss × batch size.</summary>
    public double LossSum { get; init; }
    /// <summary>Sum of the batches' gradient norms.</summary>
    public double GradientNormSum { get; init; }
    /// <summary>Training seconds so far (wall time of this epoch's batches).</summary>
    public double Seconds { get; init; }
    /// <summary>The training metrics' saved states, by index, when they offer one.</summary>
    public IReadOnlyList<string?> MetricStates { get; init; } = [];

    /// <summary>The mean training loss so far.</summary>
    public double MeanLoss => Samples == 0 ? double.NaN : LossSum / Samples;

    internal EpochProgress Add(BatchOutcome outcome) => this with
    {
        Batches = Batches + 1, Samples = Samples + outcome.Size, LossSum = LossSum + outcome.Loss * outcome.Size, GradientNormSum = GradientNormSum + outcome.GradientNorm,
    };
}
