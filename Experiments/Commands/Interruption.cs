using System.Runtime.InteropServices;

namespace RnnZoo.Experiments.Commands;

/// <summary>
/// Turns Ctrl+C (SIGINT) and SIGTERM (what <c>kill</c>, <c>scancel</c> and a container's stop send first) into a
/// cancellation: training stops after the current batch and writes a checkpoint that resumes exactly, instead of the
/// process dying mid-epoch. A second Ctrl+C ends the process at once.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration? _terminate;
    private readonly ConsoleCancelEventHandler _cancelKey;

    /// <summary>Starts listening.</summary>
    public Interruption()
    {
        _cancelKey = (_, e) =>
        {
            if (_source.IsCancellationRequested) return; // the second Ctrl+C: let the process end
            e.Cancel = true;
            Console.Error.WriteLine("interrupted: stopping after the current batch (Ctrl+C again to end at once)");
            _source.Cancel();
        };
        Console.CancelKeyPress += _cancelKey;
        if (!OperatingSystem.IsWindows())
            _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Console.Error.WriteLine("terminated: stopping after the current batch");
                _source.Cancel();
            });
    }

    /// <summary>Cancelled on the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <inheritdoc />
    public void Dispose()
    {
        Console.CancelKeyPress -= _cancelKey;
        _terminate?.Dispose();
        _source.Dispose();
    }
}
