using System.Text.Json;
using RnnZoo.Data;

namespace RnnZoo.Training.Experiments;

/// <summary>What became of one run a <c>sweep run</c> process was given.</summary>
public enum SweepOutcome
{
    /// <summary>Trained and tested now (from the start, or resumed from its checkpoint).</summary>
    Trained,
    /// <summary>Finished earlier: skipped.</summary>
    Done,
    /// <summary>Another process holds it: skipped.</summary>
    Busy,
    /// <summary>Ended with an error, recorded in the run folder's <see cref="Sweep.FailedFile"/>.</summary>
    Failed,
    /// <summary>Stopped by a signal with a checkpoint: the next <c>sweep run</c> resumes it.</summary>
    Interrupted,
}

/// <summary>One run's outcome, with what was said of it.</summary>
public sealed record SweepRunResult(int Index, SweepOutcome Outcome, string Message);

/// <summary>A run's <see cref="Sweep.FailedFile"/>: why and where its last attempt ended with an error.</summary>
/// <param name="Message">The error's message.</param>
/// <param name="Error">The error's type.</param>
/// <param name="Time">When (UTC).</param>
/// <param name="Host">On which machine.</param>
/// <param name="ProcessId">In which process.</param>
public sealed record SweepFailure(string Message, string Error, DateTime Time, string Host, int ProcessId)
{
    /// <summary>The failure recorded in <paramref name="runFolder"/>, or null (none, or unreadable: then the message says so).</summary>
    public static SweepFailure? Read(string runFolder)
    {
        var path = Path.Combine(runFolder, Sweep.FailedFile);
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<SweepFailure>(File.ReadAllText(path), JsonFormat.Indented); }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return new SweepFailure($"(the failure record {path} is unreadable: {e.Message})", e.GetType().Name, File.GetLastWriteTimeUtc(path), "", 0);
        }
    }
}

/// <summary>
/// Runs a share of a sweep, idempotently: each run is claimed (<c>claims/INDEX/run.lock</c>) for as long as this process
/// works on it, so that two processes (two shards, two array tasks, a task submitted twice) never run one run twice; a
/// finished run is skipped, a run with a checkpoint resumes from it exactly, a run that left files but no checkpoint
/// starts again, and a run that ends with an error is recorded as failed in its folder and the next one is taken.
/// </summary>
public static class SweepExecution
{
    /// <summary>
    /// Runs <paramref name="indices"/> of the sweep in <paramref name="sweepFolder"/>, in order. A cancellation stops the
    /// current run after its batch with a checkpoint (outcome <see cref="SweepOutcome.Interrupted"/>) and starts no other.
    /// </summary>
    /// <param name="sweepFolder">The sweep folder.</param>
    /// <param name="indices">The runs (see <see cref="Sweep.Select"/>).</param>
    /// <param name="dataDirectory">Where real data sets are, or null.</param>
    /// <param name="progress">Progress display of each run.</param>
    /// <param name="tensorBoard">Write TensorBoard event files in each run.</param>
    /// <param name="output">Where to report (default the console).</param>
    /// <param name="cancellationToken">Stops the sweep (Ctrl+C, SIGTERM from <c>scancel</c>).</param>
    public static IReadOnlyList<SweepRunResult> Run(string sweepFolder, IReadOnlyList<int> indices, string? dataDirectory = null,
        ProgressMode progress = ProgressMode.Lines, bool tensorBoard = true, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(indices);
        output ??= Console.Out;
        sweepFolder = Path.GetFullPath(sweepFolder);
        var manifest = SweepManifest.Load(sweepFolder);
        var results = new List<SweepRunResult>();
        foreach (var index in indices)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var run = manifest.Runs[index];
            output.WriteLine($"== run {index} ({results.Count + 1} of {indices.Count} here): seed {run.Seed}{(run.Label.Length > 0 ? $", {run.Label}" : "")} -> {run.Folder}");
            var result = RunOne(manifest, run, sweepFolder, dataDirectory, progress, tensorBoard, output, cancellationToken);
            output.WriteLine($"== run {index}: {result.Outcome.ToString().ToLowerInvariant()}: {result.Message}");
            results.Add(result);
            if (result.Outcome == SweepOutcome.Interrupted) break;
        }
        return results;
    }

    /// <summary>True when the run folder holds a finished run (its summary and its model).</summary>
    public static bool IsFinished(string runFolder) =>
        File.Exists(Path.Combine(runFolder, RunFolder.SummaryFile)) && File.Exists(Path.Combine(runFolder, RunFolder.ModelFile));

    private static SweepRunResult RunOne(SweepManifest manifest, SweepRun run, string sweepFolder, string? dataDirectory, ProgressMode progress, bool tensorBoard,
        TextWriter output, CancellationToken cancellationToken)
    {
        RunLock claim;
        try { claim = Claim(sweepFolder, run); }
        catch (RunFolderBusyException e) { return new SweepRunResult(run.Index, SweepOutcome.Busy, $"skipped: {e.Message}"); }
        using (claim)
        {
            var folder = run.FolderIn(sweepFolder);
            if (IsFinished(folder)) return new SweepRunResult(run.Index, SweepOutcome.Done, "skipped: finished earlier");
            var resume = File.Exists(RunFolder.CheckpointPath(folder));
            var overwrite = !resume && RunFolder.DescribeRun(folder) is not null;
            if (SweepFailure.Read(folder) is { } before)
            {
                output.WriteLine($"note: trying again; the last attempt failed ({before.Message})");
                File.Delete(Path.Combine(folder, Sweep.FailedFile));
            }
            if (resume) output.WriteLine("note: resuming from its checkpoint");
            if (overwrite) output.WriteLine("note: starting again; an earlier attempt ended before its first checkpoint");
            try
            {
                var file = run.ExperimentFileIn(sweepFolder);
                if (!File.Exists(file)) throw new FileNotFoundException($"{run.ExperimentFile}: the sweep's experiment file is missing.", file);
                if (SweepManifest.Sha256(file) != run.ExperimentSha256)
                    throw new InvalidDataException($"{run.ExperimentFile} changed since the sweep was made (its SHA-256 is not the one in {SweepManifest.FileName}); " +
                                                   "restore it, or make a new sweep with 'rnnzoo sweep create'.");
                var settings = manifest.SettingsOf(run, sweepFolder, dataDirectory, progress, tensorBoard, resume, overwrite);
                var experiment = ExperimentFile.LoadExperiment(file);
                var summary = Retried(() => ExperimentRunner.Run(experiment, settings, output, cancellationToken));
                if (summary.StopReason == nameof(StopReason.Interrupted))
                    return new SweepRunResult(run.Index, SweepOutcome.Interrupted, "stopped with a checkpoint; the next 'sweep run' resumes it");
                return new SweepRunResult(run.Index, SweepOutcome.Trained,
                    $"{(resume ? "resumed and finished" : "finished")}, test loss {summary.TestLoss:G4} in {summary.WallSeconds:F0} s");
            }
            catch (RunFolderBusyException e) { return new SweepRunResult(run.Index, SweepOutcome.Busy, $"skipped: {e.Message}"); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Recorded for 'sweep status'; the next run is taken, and the next 'sweep run' tries this one again.
                Directory.CreateDirectory(folder);
                var failure = new SweepFailure(e.Message, e.GetType().Name, DateTime.UtcNow, Environment.MachineName, Environment.ProcessId);
                ExperimentFile.Write(Path.Combine(folder, Sweep.FailedFile), JsonSerializer.Serialize(failure, JsonFormat.Indented));
                return new SweepRunResult(run.Index, SweepOutcome.Failed, e.Message);
            }
        }
    }

    private static RunLock Claim(string sweepFolder, SweepRun run) =>
        Retried(() => RunLock.Acquire(Sweep.ClaimFolder(sweepFolder, run.Index), $"rnnzoo sweep run {sweepFolder} (run {run.Index})"));

    // 'sweep status' probing a lock (RunLock.IsHeld) holds it for an instant: try a few times before calling a run busy.
    private static T Retried<T>(Func<T> take)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { return take(); }
            catch (RunFolderBusyException) when (attempt < 4) { Thread.Sleep(250); }
        }
    }
}
