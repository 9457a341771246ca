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
public sealed record EpochRecord(int Epoch, double Loss, double? ValidationLoss, IReadOnlyDictionary<string, double> Metrics,
    double LearningRate, double GradientNorm, double Seconds, double SamplesPerSecond, double? ResidentMb = null);

/// <summary>Why a fit ended.</summary>
public enum StopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,
    /// <summary>Early stopping: no validation improvement for Patience epochs.</summary>
    EarlyStopping,
    /// <summary>A NaN or infinite loss; the last good weights were put back and the last checkpoint kept.</summary>
    NonFiniteLoss,
}

/// <summary>The outcome of <see cref="Trainer.Fit"/>.</summary>
/// <param name="History">One record per completed epoch (resumed runs include the epochs before the interruption).</param>
/// <param name="Reason">Why it ended.</param>
/// <param name="Message">A sentence for the user (e.g. where the loss became NaN).</param>
/// <param name="BestEpoch">Epoch with the lowest validation loss (or training loss without validation).</param>
/// <param name="Seconds">Wall time of this call.</param>
public sealed record FitResult(IReadOnlyList<EpochRecord> History, StopReason Reason, string Message, int BestEpoch, double Seconds);
