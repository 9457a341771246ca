using System.Text.Json;

namespace RnnZoo.Training.Logging;

/// <summary>The JSON-lines metrics log: one object per epoch, then a summary object.</summary>
public sealed class MetricsLog : IDisposable
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
    private readonly StreamWriter _writer;

    /// <summary>Opens the log; <paramref name="append"/> continues a resumed run's log.</summary>
    public MetricsLog(string path, bool append)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, append) { AutoFlush = true };
    }

    /// <summary>One line for an epoch.</summary>
    public void WriteEpoch(EpochRecord r) => _writer.WriteLine(JsonSerializer.Serialize(new
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
    }, Json));

    /// <summary>The closing summary line.</summary>
    public void WriteSummary(FitResult result) => _writer.WriteLine(JsonSerializer.Serialize(new
    {
        summary = true,
        epochs = result.History.Count,
        stop_reason = result.Reason.ToString(),
        message = result.Message,
        best_epoch = result.BestEpoch,
        final = result.History.LastOrDefault(),
        seconds = Math.Round(result.Seconds, 3),
    }, Json));

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
