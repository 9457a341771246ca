using System.Text.Json;
using RnnZoo.Data;

namespace RnnZoo.Training.Experiments;

/// <summary>Where a run of a sweep stands.</summary>
public enum SweepRunState
{
    /// <summary>Finished (summary.json and model.bin).</summary>
    Done,
    /// <summary>A process holds it now (its claim lock or its run folder's lock).</summary>
    Running,
    /// <summary>Its last attempt ended with an error (<see cref="Sweep.FailedFile"/>); the next <c>sweep run</c> tries again.</summary>
    Failed,
    /// <summary>Not started, or stopped with a checkpoint it will resume from.</summary>
    Pending,
}

/// <summary>One run's state, with details in words (the test loss, the holder, the error, the checkpoint).</summary>
public sealed record SweepRunStatus(SweepRun Run, SweepRunState State, string Detail);

/// <summary>The state of every run of a sweep, read from its folders (no process is asked).</summary>
public static class SweepStatus
{
    /// <summary>The manifest and the state of each of its runs, in index order.</summary>
    public static (SweepManifest Manifest, IReadOnlyList<SweepRunStatus> Runs) Read(string sweepFolder)
    {
        sweepFolder = Path.GetFullPath(sweepFolder);
        var manifest = SweepManifest.Load(sweepFolder);
        return (manifest, manifest.Runs.Select(run => Of(run, sweepFolder)).ToList());
    }

    /// <summary>Counts by state, in words: <c>8 runs: 5 done, 1 running, 1 failed, 1 pending</c>.</summary>
    public static string Counts(IReadOnlyList<SweepRunStatus> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return $"{runs.Count} runs: " + string.Join(", ", Enum.GetValues<SweepRunState>().Select(s => $"{runs.Count(r => r.State == s)} {s.ToString().ToLowerInvariant()}"));
    }

    private static SweepRunStatus Of(SweepRun run, string sweepFolder)
    {
        var folder = run.FolderIn(sweepFolder);
        var claim = Sweep.ClaimFolder(sweepFolder, run.Index);
        var holder = RunLock.IsHeld(claim) ? claim : RunLock.IsHeld(folder) ? folder : null;
        if (holder is not null)
        {
            var owner = RunLock.HolderOf(holder);
            var by = owner is null ? "by another process" : $"by process {owner.ProcessId} on {owner.Host} since {owner.Since:yyyy-MM-dd HH:mm:ss} UTC";
            return new SweepRunStatus(run, SweepRunState.Running, $"{by}{Epochs(folder)}");
        }
        if (SweepExecution.IsFinished(folder))
        {
            string detail;
            try
            {
                var summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(Path.Combine(folder, RunFolder.SummaryFile)), JsonFormat.Indented)!;
                detail = $"test loss {summary.TestLoss:G4}, {summary.Epochs} epochs, {summary.WallSeconds:F0} s";
            }
            catch (Exception e) when (e is JsonException or IOException) { detail = $"summary.json unreadable: {e.Message}"; }
            return new SweepRunStatus(run, SweepRunState.Done, detail);
        }
        if (SweepFailure.Read(folder) is { } failure)
            return new SweepRunStatus(run, SweepRunState.Failed, $"{failure.Message} ({failure.Time:yyyy-MM-dd HH:mm:ss} UTC on {failure.Host})");
        return new SweepRunStatus(run, SweepRunState.Pending,
            File.Exists(RunFolder.CheckpointPath(folder)) ? $"stopped with a checkpoint{Epochs(folder)}; resumes from it" : "not started");
    }

    // ", epoch 3 done" from metrics.jsonl (one line per epoch), or nothing.
    private static string Epochs(string folder)
    {
        var path = Path.Combine(folder, RunFolder.MetricsFile);
        if (!File.Exists(path)) return "";
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var epochs = 0;
            while (reader.ReadLine() is { } line) if (line.StartsWith("{\"epoch\"", StringComparison.Ordinal)) epochs++;
            return epochs == 0 ? "" : $", {epochs} epoch{(epochs == 1 ? "" : "s")} done";
        }
        catch (IOException) { return ""; }
    }
}
