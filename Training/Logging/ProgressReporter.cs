using System.Diagnostics;
using System.Globalization;
using RnnZoo.Training.Callbacks;

namespace RnnZoo.Training.Logging;

/// <summary>
/// Training progress: a bar with the epoch, loss and ETA, redrawn in place on a terminal; plain lines (one per
/// epoch) when the output is redirected, as in CI and scripts; and the reason a fit stopped early.
/// </summary>
public sealed class ProgressReporter : Callback
{
    private readonly TextWriter _output;
    private readonly bool _bar;
    private readonly Stopwatch _epochWatch = new();
    private long _lastDraw;

    /// <summary>Creates the reporter (<see cref="ProgressMode.None"/> is not a reporter: leave it out).</summary>
    public ProgressReporter(TextWriter output, ProgressMode mode)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _bar = mode == ProgressMode.Bar || (mode == ProgressMode.Auto && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
    }

    /// <inheritdoc />
    public override CallbackOrder Order => CallbackOrder.Report;

    /// <inheritdoc />
    public override void OnFitStart(TrainingContext context)
    {
        if (context.ResumedFrom is { } from)
            Note(context.Progress.Batches > 0
                ? $"resumed in epoch {context.Epoch + 1} after batch {context.Progress.Batches} from {from}"
                : $"resumed after epoch {context.Epoch} from {from}");
    }

    /// <inheritdoc />
    public override void OnBatchEnd(TrainingContext context, BatchOutcome outcome)
    {
        if (!_bar) return;
        var batch = outcome.Batch + 1;
        var batches = Math.Max(1, context.BatchCount);
        if (batch == 1 || !_epochWatch.IsRunning) { _epochWatch.Restart(); _lastDraw = 0; }
        if (_epochWatch.ElapsedMilliseconds - _lastDraw < 100 && batch < batches) return;
        _lastDraw = _epochWatch.ElapsedMilliseconds;
        var fraction = Math.Min(1, batch / (double)batches);
        var eta = TimeSpan.FromSeconds(_epochWatch.Elapsed.TotalSeconds / batch * (batches - batch));
        var filled = (int)(fraction * 30);
        _output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\repoch {context.Epoch + 1}/{context.Epochs} [{new string('=', filled)}{new string(' ', 30 - filled)}] {batch}/{batches} loss {context.Progress.MeanLoss:F4} ETA {eta:mm\\:ss}   "));
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord r)
    {
        var metrics = string.Join(" ", r.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}")));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}/{context.Epochs}: loss {r.Loss:F4}{(r.ValidationLoss is { } v ? $" val_loss {v:F4}" : "")} {metrics} lr {r.LearningRate:G3} grad_norm {r.GradientNorm:F3} {r.Seconds:F1}s {r.SamplesPerSecond:F0} samples/s{(r.ResidentMb is { } rss ? $" rss {rss:F0} MB" : "")}");
        _output.WriteLine(_bar ? "\r" + line + "        " : line);
        _epochWatch.Reset();
    }

    /// <inheritdoc />
    public override void OnFitEnd(TrainingContext context, FitResult result)
    {
        if (result.Reason != StopReason.Completed) Note(result.Message);
        _output.Flush();
    }

    private void Note(string message) => _output.WriteLine((_bar ? "\r" : "") + message);
}
