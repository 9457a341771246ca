using System.Text.Json;
using RnnZoo.Training.Callbacks;
using RnnZoo.Data;

namespace RnnZoo.Training.Logging;

/// <summary>
/// The JSON-lines metrics log: one object per epoch, then a summary object. On resume it is written anew from the
/// checkpoint's history, so an epoch logged before a kill and again after it appears once.
/// </summary>
/// <param name="path">The log file.</param>
public sealed class MetricsLog(string path) : Callback
{
    private StreamWriter? _writer;

    /// <summary>The log file.</summary>
    public string Path { get; } = path ?? throw new ArgumentNullException(nameof(path));

    /// <inheritdoc />
    public override CallbackOrder Order => CallbackOrder.Report;

    /// <inheritdoc />
    public override void OnFitStart(TrainingContext context)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        _writer = new StreamWriter(Path, append: false) { AutoFlush = true };
        foreach (var record in context.History) WriteEpoch(record);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record) => WriteEpoch(record);

    /// <inheritdoc />
    public override void OnFitEnd(TrainingContext context, FitResult result)
    {
        _writer?.WriteLine(JsonSerializer.Serialize(new
        {
            summary = true,
            epochs = result.History.Count,
            stop_reason = result.Reason.ToString(),
            message = result.Message,
            best_epoch = result.BestEpoch,
            final = result.History.LastOrDefault(),
            seconds = Math.Round(result.Seconds, 3),
        }, JsonFormat.Compact));
        _writer?.Dispose();
        _writer = null;
    }

    private void WriteEpoch(EpochRecord r) => _writer?.WriteLine(JsonSerializer.Serialize(new
    {
        epoch = r.Epoch,
        loss = r.Loss,
        val_loss = r.ValidationLoss,
        metrics = r.Metrics,
        lr = r.LearningRate,
        grad_norm = r.GradientNorm,
        seconds = Math.Round(r.Seconds, 3),
        samples_per_s = Math.Round(r.SamplesPerSecond, 1),
        rss_mb = r.ResidentMb,
        memory = r.Memory,
    }, JsonFormat.Compact));
}
