using RnnZoo.Training.Callbacks;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Logging;

/// <summary>
/// Writes TensorBoard event files through TorchSharp's own <c>torch.utils.tensorboard.SummaryWriter</c>: after every
/// epoch each logged value (<c>loss</c>, <c>val_loss</c>, the metrics, <c>lr</c>, <c>grad_norm</c>) as a scalar at step =
/// epoch, and histograms of every parameter (<c>weights/NAME</c>) and of its gradient after the epoch's last batch
/// (<c>gradients/NAME</c>); every <c>batchEvery</c> batches the batch loss as <c>batch/loss</c> at the global step.
/// <c>tensorboard --logdir runs</c> then shows every run. On resume the history is written again: TensorBoard keeps the
/// newest events of a step, so the epochs of a killed run appear once.
/// </summary>
/// <param name="logDirectory">Where the event files go (e.g. RUN/tensorboard).</param>
/// <param name="histograms">Also write the weight and gradient histograms.</param>
/// <param name="batchEvery">Write the batch loss every this many batches (0: never).</param>
public sealed class TensorBoardLogger(string logDirectory, bool histograms = true, int batchEvery = 10) : Callback
{
    private TorchSharp.Modules.SummaryWriter? _writer;

    /// <summary>The event files' folder.</summary>
    public string LogDirectory { get; } = logDirectory ?? throw new ArgumentNullException(nameof(logDirectory));

    /// <inheritdoc />
    public override CallbackOrder Order => CallbackOrder.Report;

    /// <inheritdoc />
    public override void OnFitStart(TrainingContext context)
    {
        _writer = torch.utils.tensorboard.SummaryWriter(LogDirectory);
        foreach (var record in context.History) WriteScalars(record);
    }

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingContext context, BatchOutcome outcome)
    {
        if (_writer is null || batchEvery <= 0 || !outcome.Finite || (outcome.Batch + 1) % batchEvery != 0) return;
        _writer.add_scalar("batch/loss", (float)outcome.Loss, (int)context.GlobalStep);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        if (_writer is null) return;
        WriteScalars(record);
        if (!histograms) return;
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in context.Model.named_parameters())
        {
            _writer.add_histogram($"weights/{name}", parameter.detach().cpu(), record.Epoch);
            if (parameter.grad is { } grad && grad.isfinite().all().item<bool>()) _writer.add_histogram($"gradients/{name}", grad.detach().cpu(), record.Epoch);
        }
    }

    /// <inheritdoc />
    public override void OnFitEnd(TrainingContext context, FitResult result) => _writer = null;

    private void WriteScalars(EpochRecord record)
    {
        foreach (var (name, value) in record.Values())
            if (double.IsFinite(value)) _writer!.add_scalar(name, (float)value, record.Epoch);
    }
}
