using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RnnZoo.Data;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Experiments.Commands;

/// <summary>
/// <c>rnnzoo sweep create|run|status</c>: seed and hyper-parameter sweeps as many independent runs, for a job array
/// (Slurm, Kubernetes) or a loop on one machine (see <see cref="Sweep"/>).
/// </summary>
public static class SweepCommand
{
    /// <summary>Creates the command and its sub-commands.</summary>
    public static Command Create()
    {
        var command = new Command("sweep", "Seed and hyper-parameter sweeps: many independent runs, for a Slurm job array or a loop on one machine.");
        command.Subcommands.Add(CreateSweep());
        command.Subcommands.Add(RunSweep());
        command.Subcommands.Add(Status());
        return command;
    }

    private static Command CreateSweep()
    {
        var name = new Argument<string?>("name") { Description = "The experiment (see 'rnnzoo list'), or none with --config.", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<FileInfo?>("--config") { Description = "An experiment file (JSON, as 'rnnzoo show' prints it)." };
        var seeds = new Option<string>("--seeds") { Description = "The seeds: a range or a list (0-4, 1,3,7).", Required = true };
        var grid = new Option<string[]>("--grid")
        {
            Description = "KEY=V1,V2,...: a field of the experiment file by its JSON path and its values (repeat for more axes), " +
                          "e.g. training.optimizer.learning_rate=0.01,0.001 or model.spec.recurrent.hidden_size=32,64.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out") { Description = "The sweep folder to write.", Required = true };
        var profile = new Option<string?>("--profile") { Description = "quick (default) or full: the profile of every run." };
        profile.AcceptOnlyFromAmong("quick", "full");
        var epochs = CliValues.WholeNumber("--epochs", "Epochs of every run (default: the profile's).", minimum: 1);
        var noEarlyStopping = new Option<bool>("--no-early-stopping") { Description = "Train every epoch in every run." };
        var device = CliValues.Device();
        var command = new Command("create", "Write a sweep folder: sweep.json (the runs: index, folder, seed, grid values, experiment file and its SHA-256), " +
                                            "one experiment file per setting under experiments/, one run folder per setting and seed under runs/.")
        {
            name, config, seeds, grid, output, profile, epochs, noEarlyStopping, device,
        };
        command.SetAction(parse =>
        {
            var (given, file) = (parse.GetValue(name), parse.GetValue(config));
            if ((given is null) == (file is null)) throw new UsageException("sweep create needs an experiment: a registry name (see 'rnnzoo list') or --config FILE, not both.");
            var experiment = file is null ? ExperimentCommands.Find(given!) : ExperimentFile.LoadExperiment(file.FullName);
            IReadOnlyList<int> seedList;
            IReadOnlyList<GridAxis> axes;
            try
            {
                seedList = IndexRanges.Parse(parse.GetValue(seeds)!, "--seeds");
                axes = (parse.GetValue(grid) ?? []).Select(GridAxis.Parse).ToList();
            }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            var manifest = Sweep.Create(experiment, file?.FullName ?? experiment.Name, seedList, axes, parse.GetValue(output)!,
                parse.GetValue(profile) == "full" ? ProfileKind.Full : ProfileKind.Quick, parse.GetValue(epochs), parse.GetValue(noEarlyStopping),
                parse.GetValue(device) ?? "cpu");
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            var settings = manifest.Runs.Select(r => r.Setting).Distinct().Count();
            Console.WriteLine($"sweep of {manifest.Experiment} ({manifest.Profile.ToString().ToLowerInvariant()}): {manifest.Runs.Count} runs = " +
                              $"{settings} setting{(settings == 1 ? "" : "s")} x {manifest.Seeds.Count} seed{(manifest.Seeds.Count == 1 ? "" : "s")} -> {folder}");
            foreach (var run in manifest.Runs) Console.WriteLine($"  {run.Index,4}  {run.Folder}");
            Console.WriteLine($"run them: rnnzoo sweep run {folder}  (or one: --index I; a share: --shard i/n; Slurm: scripts/slurm/submit.sh {folder})");
            return 0;
        });
        return command;
    }

    private static Command RunSweep()
    {
        var folder = new Argument<DirectoryInfo>("sweep") { Description = "The sweep folder (sweep.json)." };
        var index = CliValues.WholeNumber("--index", "Run this run only (its index in sweep.json).", minimum: 0);
        var shard = new Option<string?>("--shard") { Description = "i/n: the runs whose index modulo n is i (0 <= i < n)." };
        var all = new Option<bool>("--all") { Description = "Every run, whatever SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX say." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder of the real data sets (IMDB, CSV files named relative to it)." };
        var threads = CliValues.WholeNumber("--threads", "Intra-op threads of libtorch (default: SLURM_CPUS_PER_TASK when set, else libtorch's own).", minimum: 1);
        var progress = new Option<string?>("--progress") { Description = "auto, bar, lines (default: one line per epoch, for logs) or none." };
        progress.AcceptOnlyFromAmong("auto", "bar", "lines", "none");
        var noTensorBoard = new Option<bool>("--no-tensorboard") { Description = "Write no TensorBoard event files." };
        var command = new Command("run", "Run a share of a sweep: --index I, --shard i/n, else the array task of SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX, " +
                                         "else all runs in order. Finished runs are skipped, killed ones resume from their checkpoint, runs another process holds are skipped.")
        {
            folder, index, shard, all, dataDir, threads, progress, noTensorBoard,
        };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(folder)!.FullName;
            var manifest = SweepManifest.Load(directory);
            if (parse.GetValue(all) && (parse.GetValue(index) is not null || parse.GetValue(shard) is not null))
                throw new UsageException("--all with --index or --shard: choose one.");
            var (indices, reason) = parse.GetValue(all)
                ? (Enumerable.Range(0, manifest.Runs.Count).ToArray(), "--all")
                : Sweep.Select(manifest.Runs.Count, parse.GetValue(index), parse.GetValue(shard), Environment.GetEnvironmentVariable);
            SetThreads(parse.GetValue(threads));
            Console.WriteLine($"sweep {manifest.Experiment}: {indices.Count} of {manifest.Runs.Count} runs ({reason}): {IndexRanges.Format(indices)}");
            var mode = parse.GetValue(progress) switch { "auto" => ProgressMode.Auto, "bar" => ProgressMode.Bar, "none" => ProgressMode.None, _ => ProgressMode.Lines };
            using var interruption = new Interruption();
            var results = SweepExecution.Run(directory, indices, parse.GetValue(dataDir) is { } d ? Path.GetFullPath(d) : null, mode,
                !parse.GetValue(noTensorBoard), Console.Out, interruption.Token);
            Console.WriteLine($"sweep run: {string.Join(", ", Enum.GetValues<SweepOutcome>().Select(o => $"{results.Count(r => r.Outcome == o)} {Word(o)}"))}" +
                              (results.Count < indices.Count ? $"; {indices.Count - results.Count} not started" : ""));
            if (results.Any(r => r.Outcome == SweepOutcome.Interrupted) || interruption.Token.IsCancellationRequested) return 130;
            return results.Any(r => r.Outcome == SweepOutcome.Failed) ? 1 : 0;
        });
        return command;
    }

    private static Command Status()
    {
        var folder = new Argument<DirectoryInfo>("sweep") { Description = "The sweep folder (sweep.json)." };
        var json = new Option<bool>("--json") { Description = "Print JSON: the counts and every run's state." };
        var array = new Option<string?>("--array") { Description = "Print only a Slurm --array list: 'pending' (every run not done nor running) or 'all'." };
        array.AcceptOnlyFromAmong("pending", "all");
        var command = new Command("status", "Count the runs done, running (a process holds them), failed (their last attempt's error) and pending; list those not done.")
        {
            folder, json, array,
        };
        command.SetAction(parse =>
        {
            var (manifest, runs) = SweepStatus.Read(parse.GetValue(folder)!.FullName);
            if (parse.GetValue(array) is { } which)
            {
                Console.WriteLine(IndexRanges.Format(runs.Where(r => which == "all" || r.State is SweepRunState.Pending or SweepRunState.Failed).Select(r => r.Run.Index)));
                return 0;
            }
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    manifest.Experiment,
                    counts = Enum.GetValues<SweepRunState>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => runs.Count(r => r.State == s)),
                    runs = runs.Select(r => new { r.Run.Index, r.Run.Folder, r.Run.Seed, values = r.Run.Values, state = r.State.ToString().ToLowerInvariant(), r.Detail }),
                }, JsonFormat.Indented));
                return 0;
            }
            Console.WriteLine($"sweep {manifest.Experiment} ({manifest.Profile.ToString().ToLowerInvariant()}): {SweepStatus.Counts(runs)}");
            foreach (var r in runs.Where(r => r.State != SweepRunState.Done))
                Console.WriteLine($"  {r.Run.Index,4}  {r.State.ToString().ToLowerInvariant(),-8} {r.Run.Folder}: {r.Detail}");
            return 0;
        });
        return command;
    }

    // One CPU set per array task: libtorch's threads follow it, not the machine's core count.
    private static void SetThreads(int? threads)
    {
        var slurm = Environment.GetEnvironmentVariable("SLURM_CPUS_PER_TASK");
        var (count, from) = threads is { } t ? (t, "--threads")
            : int.TryParse(slurm, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? (s, "SLURM_CPUS_PER_TASK") : (0, "");
        if (count == 0) return;
        TorchSharp.torch.set_num_threads(count);
        Console.WriteLine($"threads: {count} ({from})");
    }

    private static string Word(SweepOutcome outcome) => outcome switch
    {
        SweepOutcome.Trained => "trained",
        SweepOutcome.Done => "done earlier",
        SweepOutcome.Busy => "busy elsewhere",
        SweepOutcome.Failed => "failed",
        _ => "interrupted",
    };
}
