using System.Diagnostics;
using System.Globalization;

namespace RnnZoo.Training.Logging;

/// <summary>
/// Training progress: a bar with the epoch, loss and ETA, redrawn in place on a terminal; plain lines (one per
/// epoch) when the output is redirected, as in CI and scripts.
/// </summary>
public sealed class ProgressReporter : IDisposable
{
    private readonly TextWriter _output;
    private readonly bool _bar;
    private readonly bool _silent;
    private readonly int _epochs, _batches;
    private readonly Stopwatch _epochWatch = new();
    private long _lastDraw;

    /// <summary>Creates the reporter.</summary>
    public ProgressReporter(TextWriter output, ProgressMode mode, int epochs, int batches)
    {
        _output = output;
        _silent = mode == ProgressMode.None;
        _bar = mode == ProgressMode.Bar || (mode == ProgressMode.Auto && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected);
        (_epochs, _batches) = (epochs, Math.Max(1, batches));
    }

    /// <summary>After each batch: redraws the bar (at most 10 times a second).</summary>
    public void BatchDone(int epoch, int batch, double meanLoss)
    {
        if (!_bar || _silent) return;
        if (batch == 1) _epochWatch.Restart();
        if (_epochWatch.ElapsedMilliseconds - _lastDraw < 100 && batch < _batches) return;
        _lastDraw = _epochWatch.ElapsedMilliseconds;
        var fraction = Math.Min(1, batch / (double)_batches);
        var eta = TimeSpan.FromSeconds(_epochWatch.Elapsed.TotalSeconds / Math.Max(batch, 1) * (_batches - batch));
        var filled = (int)(fraction * 30);
        _output.Write(string.Create(CultureInfo.InvariantCulture,
            $"\repoch {epoch + 1}/{_epochs} [{new string('=', filled)}{new string(' ', 30 - filled)}] {batch}/{_batches} loss {meanLoss:F4} ETA {eta:mm\\:ss}   "));
    }

    /// <summary>After each epoch: one line.</summary>
    public void EpochDone(EpochRecord r)
    {
        if (_silent) return;
        var metrics = string.Join(" ", r.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:F4}")));
        var line = string.Create(CultureInfo.InvariantCulture,
            $"epoch {r.Epoch}/{_epochs}: loss {r.Loss:F4}{(r.ValidationLoss is { } v ? $" val_loss {v:F4}" : "")} {metrics} lr {r.LearningRate:G3} grad_norm {r.GradientNorm:F3} {r.Seconds:F1}s {r.SamplesPerSecond:F0} samples/s{(r.ResidentMb is { } rss ? $" rss {rss:F0} MB" : "")}");
        _output.WriteLine(_bar ? "\r" + line + "        " : line);
    }

    /// <summary>A message on its own line.</summary>
    public void Note(string message)
    {
        if (!_silent) _output.WriteLine((_bar ? "\r" : "") + message);
    }

    /// <inheritdoc />
    public void Dispose() => _output.Flush();
}
