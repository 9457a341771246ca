using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RnnZoo.Data;
using RnnZoo.Tests.Support;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Tests.Experiments.Commands;

/// <summary>
/// <c>rnnzoo sweep create|run|status</c> and <c>rnnzoo results</c> on local sweeps of a tiny experiment (no Slurm): a
/// finished run skipped, a stopped one resumed to the same weights, busy runs skipped, failures recorded and tried
/// again, shards and array tasks, processes running one sweep at once, and the spread over seeds as worked by hand.
/// </summary>
[TestFixture]
[NonParallelizable] // in-process runs write to the console, and some tests set environment variables
public class SweepCommandTests : TempFolderTests
{
    private static readonly string[] ArrayVariables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "SLURM_CPUS_PER_TASK"];

    // seed003's cell on 128 training sequences in batches of 32: a fraction of a second an epoch.
    private string TinyExperiment(int epochs = 1)
    {
        var node = JsonNode.Parse(ExperimentFile.ToJson(Zoo.Find("seed003-wuv-rnn")))!;
        node["name"] = "tiny-wuv";
        node["training"]!["batch_size"] = 32;
        var data = node["profiles"]!["quick"]!["data"]!;
        (data["train_count"], data["validation_count"], data["test_count"]) = (128, 32, 32);
        node["profiles"]!["quick"]!["epochs"] = epochs;
        var path = Path.Combine(Dir, "tiny.json");
        File.WriteAllText(path, node.ToJsonString());
        return path;
    }

    private string CreateSweep(string seeds = "0-1", int epochs = 1, params string[] grid)
    {
        var folder = Path.Combine(Dir, "sweep");
        var args = new List<string> { "sweep", "create", "--config", TinyExperiment(epochs), "--seeds", seeds, "--out", folder };
        foreach (var g in grid) args.AddRange(["--grid", g]);
        var (code, output, err) = Cli.Run(args.ToArray());
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain($"-> {folder}"));
        return folder;
    }

    private static (int Code, string Out, string Err) Sweep(params string[] args) =>
        Cli.Run(new[] { "sweep" }.Concat(args).Concat(args[0] == "run" ? ["--no-tensorboard"] : []).ToArray());

    private static int[] Outcome(string output, string outcome) =>
        Regex.Matches(output, $@"^== run (\d+): {outcome}:", RegexOptions.Multiline).Select(m => int.Parse(m.Groups[1].Value)).ToArray();

    private static int Epochs(string runFolder) => File.ReadLines(Path.Combine(runFolder, RunFolder.MetricsFile)).Count(l => l.StartsWith("{\"epoch\""));

    // Runs the test with the job-array variables unset (the machine running the tests may be a Slurm node), then restores them.
    private static void WithoutArrayVariables(Action test)
    {
        var saved = ArrayVariables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var v in ArrayVariables) Environment.SetEnvironmentVariable(v, null);
            test();
        }
        finally { foreach (var (v, value) in saved) Environment.SetEnvironmentVariable(v, value); }
    }

    [Test]
    public void CreateRunStatusResults_AFinishedRunIsSkipped_AndTheSpreadIsTheHandWorkedOne() => WithoutArrayVariables(() =>
    {
        var folder = CreateSweep("0-1", 1, "training.optimizer.learning_rate=0.01,0.001");
        var manifest = SweepManifest.Load(folder);
        Assert.That(manifest.Runs, Has.Count.EqualTo(4));

        var (code, output, err) = Sweep("run", folder, "--index", "2");
        Assert.That(code, Is.Zero, err);
        Assert.That(Outcome(output, "trained"), Is.EqualTo(new[] { 2 }));
        var (_, status, _) = Sweep("status", folder);
        Assert.That(status, Does.Contain("4 runs: 1 done, 0 running, 0 failed, 3 pending"));
        Assert.That(status, Does.Contain("runs/000-learning_rate0.01-seed0: not started"));
        Assert.That(Sweep("status", folder, "--array", "pending").Out.Trim(), Is.EqualTo("0-1,3"));

        var before = Cli.Hashes(manifest.Runs[2].FolderIn(folder));
        (code, output, err) = Sweep("run", folder); // no option, no array variable: every run in order
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain("4 of 4 runs (all runs)"));
        Assert.That(Outcome(output, "trained"), Is.EqualTo(new[] { 0, 1, 3 }));
        Assert.That(Outcome(output, "done"), Is.EqualTo(new[] { 2 }), "the finished run is skipped");
        Assert.That(Cli.Hashes(manifest.Runs[2].FolderIn(folder)), Is.EqualTo(before), "and left as it was");
        Assert.That(Sweep("status", folder).Out, Does.Contain("4 runs: 4 done, 0 running, 0 failed, 0 pending"));
        Assert.That(Sweep("status", folder, "--array", "pending").Out.Trim(), Is.Empty);
        foreach (var run in manifest.Runs)
        {
            var config = RunFolder.ReadConfig(run.FolderIn(folder));
            Assert.That(config.Seed, Is.EqualTo(run.Seed));
            Assert.That(config.Training.Optimizer.LearningRate, Is.EqualTo(run.Values["training.optimizer.learning_rate"]!.GetValue<double>()));
        }

        var markdown = Path.Combine(folder, "results.md");
        (code, output, err) = Cli.Run("results", folder, "--out", markdown);
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain("4 runs, 2 settings (2 over two seeds or more)"));
        var text = File.ReadAllText(markdown);
        Assert.That(text, Does.Contain("| tiny-wuv (training.optimizer.learning_rate=0.001) | Quick | 1 |"), "the per-run table, with seed and setting");
        Assert.That(text, Does.Contain("## Over seeds").And.Contain("### tiny-wuv (quick)").And.Contain("| training.optimizer.learning_rate=0.01 | 2 (0-1) |"));
        Assert.That(text, Does.Contain("![test MSE over seeds, quick profile](spread-quick-test-mse.png)"));
        Assert.That(Tests.Training.Plots.Png.Size(Path.Combine(folder, "spread-quick-test-mse.png")).Width, Is.EqualTo(900));

        // The JSON's spreads against the summaries, by hand: mean, sample deviation (n - 1), t(0.975, 1) = 12.706.
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!;
        var settings = json["settings"]!.AsArray();
        Assert.That(settings, Has.Count.EqualTo(2));
        foreach (var setting in settings)
        {
            var rate = setting!["values"]!["training.optimizer.learning_rate"]!.GetValue<string>();
            var losses = manifest.Runs.Where(r => GridAxis.Text(r.Values["training.optimizer.learning_rate"]) == rate)
                .Select(r => JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(Path.Combine(r.FolderIn(folder), RunFolder.SummaryFile)), JsonFormat.Indented)!.TestLoss)
                .ToArray();
            Assert.That(losses, Has.Length.EqualTo(2));
            var mean = (losses[0] + losses[1]) / 2;
            var deviation = Math.Abs(losses[0] - losses[1]) / Math.Sqrt(2);
            var loss = setting["metrics"]!["test_loss"]!;
            Assert.That(loss["mean"]!.GetValue<double>(), Is.EqualTo(mean).Within(1e-12));
            Assert.That(loss["standard_deviation"]!.GetValue<double>(), Is.EqualTo(deviation).Within(1e-12));
            Assert.That(loss["high"]!.GetValue<double>() - mean, Is.EqualTo(12.7062 * deviation / Math.Sqrt(2)).Within(1e-4 * deviation + 1e-12));
            Assert.That(setting["metrics"]!["wall_seconds"]!["count"]!.GetValue<int>(), Is.EqualTo(2));
        }
    });

    [Test]
    public void AStoppedRun_ResumesFromItsCheckpoint_ToTheWeightsOfAnUninterruptedRun() => WithoutArrayVariables(() =>
    {
        var folder = CreateSweep("4", 6);
        var run = SweepManifest.Load(folder).Runs[0];
        // Stop it as SIGTERM would, after its second epoch: a mid-epoch checkpoint.
        using (var stop = new CancellationTokenSource())
        {
            var watcher = new LineWatcher(line => { if (line.StartsWith("epoch 2/")) stop.Cancel(); });
            var results = SweepExecution.Run(folder, [0], progress: ProgressMode.Lines, tensorBoard: false, output: watcher, cancellationToken: stop.Token);
            Assert.That(results.Single().Outcome, Is.EqualTo(SweepOutcome.Interrupted), watcher.Text);
        }
        Assert.That(Sweep("status", folder).Out, Does.Contain("1 pending").And.Contain("stopped with a checkpoint, 2 epochs done; resumes from it"));

        var (code, output, err) = Sweep("run", folder);
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain("note: resuming from its checkpoint").And.Contain("resumed and finished"));
        Assert.That(Epochs(run.FolderIn(folder)), Is.EqualTo(6), "every epoch once");

        var reference = Path.Combine(Dir, "reference");
        ExperimentRunner.Run(ExperimentFile.LoadExperiment(run.ExperimentFileIn(folder)), new RunSettings(Seed: 4, OutputDirectory: reference, Progress: ProgressMode.None,
            TensorBoard: false), TextWriter.Null);
        Assert.That(File.ReadAllBytes(Path.Combine(run.FolderIn(folder), RunFolder.ModelFile)), Is.EqualTo(File.ReadAllBytes(Path.Combine(reference, RunFolder.ModelFile))),
            "the resumed run ends where an uninterrupted one does, bit for bit");
    });

    [Test]
    public void RunsAnotherProcessHolds_AreSkippedWithANote_AndShowAsRunning() => WithoutArrayVariables(() =>
    {
        var folder = CreateSweep("0-3");
        var runs = SweepManifest.Load(folder).Runs;
        var (code, output, err) = (0, "", "");
        using (RunLock.Acquire(RnnZoo.Training.Experiments.Sweep.ClaimFolder(folder, 1), "another sweep task"))
        using (RunLock.Acquire(runs[2].FolderIn(folder), "rnnzoo run by hand"))
        {
            var status = Sweep("status", folder).Out;
            Assert.That(status, Does.Contain("4 runs: 0 done, 2 running, 0 failed, 2 pending"));
            Assert.That(status, Does.Contain($"running  {runs[1].Folder}: by process {Environment.ProcessId}"));
            (code, output, err) = Sweep("run", folder);
        }
        Assert.That(code, Is.Zero, err);
        Assert.That(Outcome(output, "trained"), Is.EqualTo(new[] { 0, 3 }));
        Assert.That(Outcome(output, "busy"), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(output, Does.Contain($"in use by process {Environment.ProcessId}").And.Contain("(another sweep task)").And.Contain("(rnnzoo run by hand)"));
        Assert.That(output, Does.Contain("2 trained, 0 done earlier, 2 busy elsewhere"));

        (code, output, err) = Sweep("run", folder);
        Assert.That(code, Is.Zero, err);
        Assert.That(Outcome(output, "trained"), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(Outcome(output, "done"), Is.EqualTo(new[] { 0, 3 }));
    });

    [Test]
    public void AFailedRun_IsRecordedWithItsMessage_OthersGoOn_AndTheNextSweepRunTriesItAgain() => WithoutArrayVariables(() =>
    {
        var folder = CreateSweep("0", 1, "training.batch_size=16,32");
        var runs = SweepManifest.Load(folder).Runs;
        var file = runs[0].ExperimentFileIn(folder);
        var original = File.ReadAllText(file);
        File.WriteAllText(file, original.Replace("\"batch_size\": 16", "\"batch_size\": 8"));

        var (code, output, _) = Sweep("run", folder);
        Assert.That(code, Is.EqualTo(1), "a failed run fails the sweep run");
        Assert.That(Outcome(output, "failed"), Is.EqualTo(new[] { 0 }));
        Assert.That(Outcome(output, "trained"), Is.EqualTo(new[] { 1 }), "the next run is taken");
        var failure = SweepFailure.Read(runs[0].FolderIn(folder))!;
        Assert.That(failure.Message, Does.Contain("experiments/setting-000.json changed since the sweep was made"));
        var status = Sweep("status", folder).Out;
        Assert.That(status, Does.Contain("2 runs: 1 done, 0 running, 1 failed, 0 pending"));
        Assert.That(status, Does.Contain($"failed   {runs[0].Folder}: experiments/setting-000.json changed since the sweep was made"));
        Assert.That(Sweep("status", folder, "--array", "pending").Out.Trim(), Is.EqualTo("0"), "a failed run is resubmitted");

        File.WriteAllText(file, original);
        (code, output, _) = Sweep("run", folder);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("note: trying again; the last attempt failed (experiments/setting-000.json changed"));
        Assert.That(Outcome(output, "trained"), Is.EqualTo(new[] { 0 }));
        Assert.That(File.Exists(Path.Combine(runs[0].FolderIn(folder), RnnZoo.Training.Experiments.Sweep.FailedFile)), Is.False);
        Assert.That(Sweep("status", folder).Out, Does.Contain("2 runs: 2 done"));
    });

    [Test]
    public void ArrayTaskVariables_ChooseTheRun_AndSlurmCpusSetTheThreads() => WithoutArrayVariables(() =>
    {
        var folder = CreateSweep("0-3");
        var threads = TorchSharp.torch.get_num_threads();
        try
        {
            Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_ID", "1");
            Environment.SetEnvironmentVariable("SLURM_CPUS_PER_TASK", "1");
            var (code, output, err) = Sweep("run", folder);
            Assert.That(code, Is.Zero, err);
            Assert.That(output, Does.Contain("1 of 4 runs (SLURM_ARRAY_TASK_ID=1): 1").And.Contain("threads: 1 (SLURM_CPUS_PER_TASK)"));
            Assert.That(TorchSharp.torch.get_num_threads(), Is.EqualTo(1));
            Assert.That(Outcome(output, "trained"), Is.EqualTo(new[] { 1 }));

            Environment.SetEnvironmentVariable("SLURM_ARRAY_TASK_ID", null);
            Environment.SetEnvironmentVariable("JOB_COMPLETION_INDEX", "3");
            (code, output, err) = Sweep("run", folder);
            Assert.That(code, Is.Zero, err);
            Assert.That(Outcome(output, "trained"), Is.EqualTo(new[] { 3 }));
            // --shard wins over the variable; --all over both.
            Assert.That(Outcome(Sweep("run", folder, "--shard", "0/2").Out, "trained"), Is.EqualTo(new[] { 0, 2 }));
            Environment.SetEnvironmentVariable("JOB_COMPLETION_INDEX", "9");
            Assert.That(Sweep("run", folder).Err, Does.Contain("JOB_COMPLETION_INDEX: run 9 is not in the sweep, which has 4 runs (0-3)"));
            Assert.That(Outcome(Sweep("run", folder, "--all").Out, "done"), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        }
        finally { TorchSharp.torch.set_num_threads(threads); }
    });

    [Test]
    public void TwoShardsAndAThirdProcessAtOnce_EndWithEveryRunDoneOnce() => WithoutArrayVariables(() =>
    {
        var folder = CreateSweep("0-5", 2);
        string[] Args(params string[] share) => ["sweep", "run", folder, "--no-tensorboard", .. share];
        using var even = Cli.Start(Args("--shard", "0/2"));
        using var odd = Cli.Start(Args("--shard", "1/2"));
        using var all = Cli.Start(Args("--all"));
        Assert.That(new[] { even, odd, all }.Select(c => c.WaitForExit()), Is.EqualTo(new[] { 0, 0, 0 }), $"{even.Output}\n{odd.Output}\n{all.Output}");

        var trained = new[] { even, odd, all }.SelectMany(c => Outcome(c.Output, "trained")).Order().ToArray();
        Assert.That(trained, Is.EqualTo(Enumerable.Range(0, 6)), "every run trained by exactly one process");
        Assert.That(Outcome(even.Output, "trained"), Is.SubsetOf(new[] { 0, 2, 4 }));
        Assert.That(Outcome(odd.Output, "trained"), Is.SubsetOf(new[] { 1, 3, 5 }));
        var skipped = Outcome(all.Output, "busy").Concat(Outcome(all.Output, "done")).Concat(Outcome(all.Output, "trained")).Order();
        Assert.That(skipped, Is.EqualTo(Enumerable.Range(0, 6)), "the third process saw every run: trained it, or found it busy or done");
        foreach (var run in SweepManifest.Load(folder).Runs) Assert.That(Epochs(run.FolderIn(folder)), Is.EqualTo(2), run.Folder);
        Assert.That(Sweep("status", folder).Out, Does.Contain("6 runs: 6 done"));
    });

    [Test]
    public void SigtermStopsTheTaskWithACheckpoint_Exit130_AndStatusSaysItResumes() => WithoutArrayVariables(() =>
    {
        var folder = CreateSweep("0-1", 400);
        var firstEpoch = new ManualResetEventSlim();
        using var child = Cli.Start(["sweep", "run", folder, "--no-tensorboard"], line => { if (line.StartsWith("epoch 1/")) firstEpoch.Set(); });
        Assert.That(firstEpoch.Wait(TimeSpan.FromMinutes(5)), Is.True, child.Output);
        child.Signal(15);
        Assert.That(child.WaitForExit(), Is.EqualTo(130), child.Output);
        Assert.That(child.Output, Does.Contain("terminated: stopping after the current batch").And.Contain("== run 0: interrupted"));
        Assert.That(child.Output, Does.Contain("1 not started"), "no other run is started after the signal");
        Assert.That(Sweep("status", folder).Out, Does.Contain("2 runs: 0 done, 0 running, 0 failed, 2 pending").And.Contain("stopped with a checkpoint"));
    });

    [Test]
    public void BadUsage_IsOneLineWithExitCode2_AndAFolderThatIsNoSweep_Exit1() => WithoutArrayVariables(() =>
    {
        var tiny = TinyExperiment();
        foreach (var (args, says) in new (string[], string)[]
                 {
                     (["sweep", "create", "--config", tiny, "--seeds", "0-1", "--grid", "training.optimizer.learning_rat=0.1", "--out", Path.Combine(Dir, "x")],
                         "error: --grid training.optimizer.learning_rat: 'training.optimizer' has no field 'learning_rat'"),
                     (["sweep", "create", "--config", tiny, "--seeds", "0-1", "--grid", "training.batch_size=16,abc", "--out", Path.Combine(Dir, "x")],
                         "error: --grid training.batch_size=abc: training.batch_size: expected a whole number."),
                     (["sweep", "create", "--config", tiny, "--seeds", "2-1", "--out", Path.Combine(Dir, "x")], "error: --seeds: the range '2-1' ends before it starts"),
                     (["sweep", "create", "seed003-wuv-rnn", "--config", tiny, "--seeds", "0", "--out", Path.Combine(Dir, "x")], "error: sweep create needs an experiment"),
                 })
        {
            var (code, output, err) = Cli.Run(args);
            Assert.That(code, Is.EqualTo(2), string.Join(' ', args));
            Assert.That(err.Trim(), Does.StartWith(says).And.Not.Contain("\n"), string.Join(' ', args));
            Assert.That(output, Is.Empty);
        }
        Assert.That(Directory.Exists(Path.Combine(Dir, "x")), Is.False, "nothing written");
        var folder = CreateSweep("0-1");
        Assert.That(Sweep("run", folder, "--shard", "2/2").Code, Is.EqualTo(2));
        Assert.That(Sweep("run", folder, "--index", "5").Err, Does.Contain("--index: run 5 is not in the sweep, which has 2 runs (0-1)"));
        var (notSweep, _, message) = Sweep("status", Dir);
        Assert.That(notSweep, Is.EqualTo(1));
        Assert.That(message.Trim(), Does.StartWith($"error: '{Dir}' is not a sweep folder: no sweep.json"));
    });

    /// <summary>A writer that hands every line to a callback (and keeps the text).</summary>
    private sealed class LineWatcher(Action<string> onLine) : TextWriter
    {
        private readonly StringBuilder _line = new();
        private readonly StringBuilder _all = new();
        public override Encoding Encoding => Encoding.UTF8;
        public string Text => _all.ToString();

        public override void Write(char value)
        {
            _all.Append(value);
            if (value != '\n') { _line.Append(value); return; }
            var line = _line.ToString().TrimEnd('\r');
            _line.Clear();
            onLine(line);
        }
    }
}
