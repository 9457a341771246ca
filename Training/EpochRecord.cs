namespace RnnZoo.Training;

/// <summary>What one epoch did: one line of the metrics log.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Loss">Mean training loss over the epoch's samples.</param>
/// <param name="ValidationLoss">Mean validation loss, or null without validation.</param>
/// <param name="Metrics">Training accuracy (classification) and every validation metric, by name (e.g. "val_accuracy").</param>
/// <param name="LearningRate">The rate used in this epoch.</param>
/// <param name="GradientNorm">Mean over batches of the global gradient L2 norm before clipping.</param>
/// <param name="Seconds">Wall time of the epoch, validation included.</param>
/// <param name="SamplesPerSecond">Training samples per second.</param>
/// <param name="ResidentMb">The process's resident memory at the end of the epoch (MB): flat across epochs when every
/// batch's tensors are freed.</param>
/// <param name="Memory">Where that memory is (C heap, managed heap, anonymous pages) at the same moment, or null.</param>
public sealed record EpochRecord(int Epoch, double Loss, double? ValidationLoss, IReadOnlyDictionary<string, double> Metrics,
    double LearningRate, double GradientNorm, double Seconds, double SamplesPerSecond, double? ResidentMb = null,
    Diagnostics.MemoryUse? Memory = null)
{
    /// <summary>
    /// Every logged number by name, what callbacks can monitor: <c>loss</c>, <c>val_loss</c> (with validation), each metric
    /// (<c>accuracy</c>, <c>val_accuracy</c>, <c>val_f1</c>, ...), <c>lr</c>, <c>grad_norm</c>.
    /// </summary>
    public IReadOnlyDictionary<string, double> Values()
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal) { ["loss"] = Loss };
        if (ValidationLoss is { } v) values["val_loss"] = v;
        foreach (var (name, value) in Metrics) values[name] = value;
        values["lr"] = LearningRate;
        values["grad_norm"] = GradientNorm;
        return values;
    }

    /// <summary>The logged value <paramref name="name"/> (see <see cref="Values"/>), or null when it is not logged.</summary>
    public double? Value(string name) => Values().TryGetValue(name, out var value) ? value : null;
}

/// <summary>Why a fit ended.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,
    /// <summary>Early stopping: no validation improvement for Patience epochs.</summary>
    EarlyStopping,
    /// <summary>A NaN or infinite loss; the last good weights were put back and the last checkpoint kept.</summary>
    NonFiniteLoss,
    /// <summary>Cancelled (a CancellationToken, Ctrl+C) after a batch; the checkpoint written then resumes the run exactly.</summary>
    Interrupted,
    /// <summary>A callback asked to stop (e.g. a target accuracy reached).</summary>
    Requested,
}

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
/// <param name="History">One record per completed epoch (resumed runs include the epochs before the interruption).</param>
/// <param name="Reason">Why it ended.</param>
/// <param name="Message">A sentence for the user (e.g. where the loss became NaN).</param>
/// <param name="BestEpoch">Epoch with the lowest validation loss (or training loss without validation).</param>
/// <param name="Seconds">Wall time of this call.</param>
public sealed record FitResult(IReadOnlyList<EpochRecord> History, StopReason Reason, string Message, int BestEpoch, double Seconds);
