using System.Diagnostics;

namespace RnnZoo.Tests.Training;

/// <summary>
/// A training run killed for real (Process.Kill) after an epoch, then resumed with --resume, ends with the
/// same weights, bit for bit, as a run that was never interrupted. Both runs are child processes of the
/// rnnzoo executable that sits beside the test assembly.
/// </summary>
[TestFixture]
public class ProcessKillResumeTests
{
    private string _dir = null!;
    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("rnnzoo-kill-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(_dir, true);

    private static readonly string Rnnzoo = Path.Combine(AppContext.BaseDirectory, "rnnzoo.dll");
    // Quick data (1,024 sequences): an epoch is a fraction of a second, eight of them leave ample time to kill after the first.
    private static readonly string[] Run = { "run", "seed001-sine-rnn", "--profile", "quick", "--epochs", "8", "--seed", "7" };

    private static Process Start(IEnumerable<string> arguments, Action<string>? onLine = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Rnnzoo);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onLine?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, _) => { };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void RunToEnd(IEnumerable<string> arguments)
    {
        var lines = new List<string>();
        using var process = Start(arguments, l => { lock (lines) lines.Add(l); });
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(10)), Is.True, "the run finished in time");
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, string.Join("\n", lines));
    }

    [Test]
    public void KilledAfterAnEpoch_ThenResumed_EqualsAnUninterruptedRunBitwise()
    {
        Assume.That(File.Exists(Rnnzoo), Is.True, "rnnzoo.dll beside the tests");
        var uninterrupted = Path.Combine(_dir, "uninterrupted");
        RunToEnd(Run.Concat(new[] { "--out", uninterrupted }));

        var interrupted = Path.Combine(_dir, "interrupted");
        var firstEpochDone = new ManualResetEventSlim();
        using (var child = Start(Run.Concat(new[] { "--out", interrupted }), line => { if (line.StartsWith("epoch 1/")) firstEpochDone.Set(); }))
        {
            Assert.That(firstEpochDone.Wait(TimeSpan.FromMinutes(10)), Is.True, "the child finished its first epoch");
            child.Kill(entireProcessTree: true);
            child.WaitForExit();
            Assert.That(File.Exists(Path.Combine(interrupted, "model.bin")), Is.False, "the child was killed before it finished");
        }
        Assert.That(File.Exists(Path.Combine(interrupted, "checkpoints", "checkpoint.bin")), Is.True);

        RunToEnd(Run.Concat(new[] { "--out", interrupted, "--resume" }));
        Assert.That(File.ReadAllBytes(Path.Combine(interrupted, "model.bin")), Is.EqualTo(File.ReadAllBytes(Path.Combine(uninterrupted, "model.bin"))),
            "final weights, bit for bit");
        var epochs = File.ReadAllLines(Path.Combine(interrupted, "metrics.jsonl")).Count(l => l.StartsWith("{\"epoch\""));
        Assert.That(epochs, Is.EqualTo(8), "each epoch logged once");
    }
}
