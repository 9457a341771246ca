using RnnZoo.Tests.Support;
using System.Text.Json.Nodes;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Tests.Training.Experiments;

/// <summary>Sweeps as data: seeds and grids parsed, expanded into experiment files and a manifest, shared out, and their results grouped.</summary>
[TestFixture]
public class SweepTests : TempFolderTests
{
    private static readonly Experiment Seed003 = Zoo.Find("seed003-wuv-rnn");

    [Test]
    public void Seeds_AreRangesAndLists_AndArraysPrintSo()
    {
        Assert.That(IndexRanges.Parse("0-4", "--seeds"), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(IndexRanges.Parse("1,3,7", "--seeds"), Is.EqualTo(new[] { 1, 3, 7 }));
        Assert.That(IndexRanges.Parse(" 0-2, 10 ", "--seeds"), Is.EqualTo(new[] { 0, 1, 2, 10 }));
        foreach (var (bad, says) in new[] { ("3-1", "ends before it starts"), ("a", "'a' is not a whole number"), ("1,1", "1 is given twice"),
                     ("-2", "'-2' is not a range"), ("", "none given"), ("0-x", "'0-x' is not a range") })
        {
            var e = Assert.Throws<ArgumentException>(() => IndexRanges.Parse(bad, "--seeds"))!;
            Assert.That(e.Message, Does.StartWith("--seeds: ").And.Contain(says).And.Not.Contain("\n"), bad);
        }
        Assert.That(IndexRanges.Format([7, 0, 1, 2, 5, 8]), Is.EqualTo("0-2,5,7-8"));
        Assert.That(IndexRanges.Format([]), Is.EqualTo(""));
    }

    [Test]
    public void GridValues_AreJson_OrWordsAsStrings_CommasInsideBracketsStay()
    {
        var axis = GridAxis.Parse("model.spec.recurrent.kind=lstm,gru");
        Assert.That(axis.Values.Select(GridAxis.Text), Is.EqualTo(new[] { "lstm", "gru" }));
        Assert.That(axis.Values[0]!.GetValueKind(), Is.EqualTo(System.Text.Json.JsonValueKind.String));
        var numbers = GridAxis.Parse("training.optimizer.learning_rate=0.01, 1e-3");
        Assert.That(numbers.Values.Select(v => v!.GetValue<double>()), Is.EqualTo(new[] { 0.01, 0.001 }));
        var lists = GridAxis.Parse("data.exclude_labels=[\"a\",\"b\"],null,\"x,y\"");
        Assert.That(lists.Values.Select(v => v?.ToJsonString() ?? "null"), Is.EqualTo(new[] { "[\"a\",\"b\"]", "null", "\"x,y\"" }));
        foreach (var (bad, says) in new[] { ("training.batch_size", "expected KEY=V1,V2"), ("Training=1", "not a field path"), ("a.b=1,,2", "empty value"),
                     ("a.b=", "no values"), ("a.b=1,1", "given twice") })
            Assert.That(() => GridAxis.Parse(bad), Throws.ArgumentException.With.Message.Contain(says), bad);
    }

    [Test]
    public void Create_WritesOneExperimentFilePerSetting_WithTheValuesAtTheirPaths_AndOneRunPerSeed()
    {
        var grid = new[] { GridAxis.Parse("training.optimizer.learning_rate=0.01,0.001"), GridAxis.Parse("model.hidden_size=4,8,16") };
        var manifest = Sweep.Create(Seed003, Seed003.Name, [3, 5], grid, Dir);
        Assert.That(manifest.Runs, Has.Count.EqualTo(2 * 3 * 2));
        Assert.That(manifest.Runs.Select(r => r.Index), Is.EqualTo(Enumerable.Range(0, 12)));
        // Settings in grid order, the last axis fastest; the seeds within each setting.
        Assert.That(manifest.Runs.Select(r => r.Seed), Is.EqualTo(Enumerable.Repeat(new[] { 3, 5 }, 6).SelectMany(s => s)));
        Assert.That(manifest.Runs[2].Label, Is.EqualTo("training.optimizer.learning_rate=0.01, model.hidden_size=8"));
        Assert.That(manifest.Runs[11].Label, Is.EqualTo("training.optimizer.learning_rate=0.001, model.hidden_size=16"));
        Assert.That(manifest.Runs.Select(r => r.Folder).Distinct().Count(), Is.EqualTo(12));
        Assert.That(manifest.Runs[11].Folder, Is.EqualTo(Path.Combine("runs", "011-learning_rate0.001-hidden_size16-seed5")));
        Assert.That(Directory.Exists(manifest.Runs[11].FolderIn(Dir)), Is.True, "one run folder each");

        foreach (var run in manifest.Runs)
        {
            var file = run.ExperimentFileIn(Dir);
            Assert.That(SweepManifest.Sha256(file), Is.EqualTo(run.ExperimentSha256));
            var experiment = ExperimentFile.LoadExperiment(file); // a full experiment file of the schema
            Assert.That(experiment.Training.Optimizer.LearningRate, Is.EqualTo(run.Values["training.optimizer.learning_rate"]!.GetValue<double>()));
            Assert.That(((CellModel)experiment.Model).HiddenSize, Is.EqualTo(run.Values["model.hidden_size"]!.GetValue<int>()));
            // Nothing else changed.
            var expected = Seed003 with
            {
                Training = Seed003.Training with { Optimizer = Seed003.Training.Optimizer with { LearningRate = experiment.Training.Optimizer.LearningRate } },
                Model = (CellModel)Seed003.Model with { HiddenSize = ((CellModel)experiment.Model).HiddenSize },
            };
            Assert.That(ExperimentFile.ToJson(experiment), Is.EqualTo(ExperimentFile.ToJson(expected)));
        }
        Assert.That(Directory.GetFiles(Path.Combine(Dir, Sweep.ExperimentsFolder)), Has.Length.EqualTo(6));
        var loaded = SweepManifest.Load(Dir);
        Assert.That(loaded.Runs.Select(r => (r.Folder, r.Seed, r.Label, r.ExperimentSha256)), Is.EqualTo(manifest.Runs.Select(r => (r.Folder, r.Seed, r.Label, r.ExperimentSha256))));
        Assert.That(() => Sweep.Create(Seed003, Seed003.Name, [0], [], Dir), Throws.TypeOf<RunUsageException>().With.Message.Contain("holds a sweep already"));
    }

    [Test]
    public void BadGridKeysAndValues_AreOneLineNamingThem_AndWriteNothing()
    {
        string Error(string grid)
        {
            var folder = Path.Combine(Dir, "bad");
            var e = Assert.Throws<RunUsageException>(() => Sweep.Create(Seed003, Seed003.Name, [0, 1], [GridAxis.Parse(grid)], folder))!;
            Assert.That(e.Message, Does.Not.Contain("\n"), grid);
            Assert.That(Directory.Exists(folder), Is.False, $"{grid}: nothing written");
            return e.Message;
        }
        Assert.That(Error("training.optimizer.learning_rat=0.1,0.2"),
            Is.EqualTo("--grid training.optimizer.learning_rat: 'training.optimizer' has no field 'learning_rat' (its fields: kind, learning_rate, weight_decay, momentum, nesterov, beta1, beta2, epsilon)."));
        Assert.That(Error("training.batch_size=32,abc"), Is.EqualTo("--grid training.batch_size=abc: training.batch_size: expected a whole number."));
        Assert.That(Error("training.batch_size=0,8"), Is.EqualTo("--grid training.batch_size=0: training.batch_size: must be positive, got 0."));
        Assert.That(Error("model.cell=wuv,nope"), Does.StartWith("--grid model.cell=nope: model.cell: unknown cell 'nope'"));
        Assert.That(Error("training.batch_size.x=1,2"), Does.Contain("'training.batch_size' is a value (64), not an object"));
        Assert.That(Error("training.clipping.max_nrm=1,2"), Does.Contain("training.clipping.max_nrm: unknown field 'max_nrm'"));
        // A key that changes nothing the quick profile runs: its own data replaces data.*.
        Assert.That(Error("data.train_count=100,200"), Does.Contain("changes nothing").And.Contain("grid profiles.quick.data.train_count instead"));
        Assert.That(Error("profiles.full.epochs=1,2"), Does.Contain("the sweep runs the quick profile"));
        // A null object on the way is made: clipping did not exist in seed003.
        var manifest = Sweep.Create(Seed003, Seed003.Name, [0], [GridAxis.Parse("training.clipping.max_norm=1,5")], Path.Combine(Dir, "clip"));
        Assert.That(ExperimentFile.LoadExperiment(manifest.Runs[1].ExperimentFileIn(Path.Combine(Dir, "clip"))).Training.Clipping!.MaxNorm, Is.EqualTo(5));
    }

    [Test]
    public void Select_IndexShardArrayTaskOrAll()
    {
        static string? None(string _) => null;
        Assert.That(Sweep.Select(8, 3, null, None).Indices, Is.EqualTo(new[] { 3 }));
        var all = Sweep.Select(8, null, null, None);
        Assert.That(all.Indices, Is.EqualTo(Enumerable.Range(0, 8)));
        Assert.That(all.Reason, Is.EqualTo("all runs"));
        // Shards partition the runs: each once, round robin.
        var shards = Enumerable.Range(0, 3).Select(i => Sweep.Select(8, null, $"{i}/3", None).Indices).ToList();
        Assert.That(shards[0], Is.EqualTo(new[] { 0, 3, 6 }));
        Assert.That(shards[1], Is.EqualTo(new[] { 1, 4, 7 }));
        Assert.That(shards.SelectMany(s => s).Order(), Is.EqualTo(Enumerable.Range(0, 8)));
        // A job array's task, Slurm's first; an explicit option wins over it.
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "5", ["JOB_COMPLETION_INDEX"] = "2" };
        var task = Sweep.Select(8, null, null, v => env.GetValueOrDefault(v));
        Assert.That(task.Indices, Is.EqualTo(new[] { 5 }));
        Assert.That(task.Reason, Is.EqualTo("SLURM_ARRAY_TASK_ID=5"));
        env.Remove("SLURM_ARRAY_TASK_ID");
        Assert.That(Sweep.Select(8, null, null, v => env.GetValueOrDefault(v)).Indices, Is.EqualTo(new[] { 2 }));
        Assert.That(Sweep.Select(8, 1, null, v => env.GetValueOrDefault(v)).Indices, Is.EqualTo(new[] { 1 }));
        foreach (var (index, shard, variable, says) in new (int?, string?, string?, string)[]
                 {
                     (8, null, null, "--index: run 8 is not in the sweep, which has 8 runs (0-7)"), (null, "3/3", null, "0 <= i < n"),
                     (null, "1-3", null, "is not i/n"), (1, "0/2", null, "choose one"), (null, null, "9", "SLURM_ARRAY_TASK_ID: run 9 is not in the sweep"),
                     (null, null, "x", "SLURM_ARRAY_TASK_ID: 'x' is not a run index"),
                 })
            Assert.That(() => Sweep.Select(8, index, shard, v => v == "SLURM_ARRAY_TASK_ID" ? variable : null),
                Throws.TypeOf<RunUsageException>().With.Message.Contain(says));
    }

    [Test]
    public void Aggregate_GroupsBySettingFromTheConfigs_NamesWhatDiffers_AndCountsARepeatedSeedOnce()
    {
        var runs = new List<FinishedRun>();
        FinishedRun Run(Experiment experiment, int seed, double loss, double seconds, string folder, double? learningRate = null)
        {
            var config = RunConfig.Create(experiment, new RunSettings(Seed: seed, LearningRate: learningRate));
            var summary = new RunSummary(experiment.Name, ProfileKind.Quick, seed, 3, "Completed", "", loss, new Dictionary<string, double> { ["mae"] = loss / 2 },
                null, 3, "", seconds, 0, null, folder);
            return new FinishedRun(summary, folder, config);
        }
        var losses = new[] { 0.10, 0.12, 0.17 };
        for (var s = 0; s < 3; s++) runs.Add(Run(Seed003, s, losses[s], 10 + s, $"/a/{s}"));
        for (var s = 0; s < 2; s++) runs.Add(Run(Seed003, s, 1 + s, 20, $"/b/{s}", learningRate: 0.001));
        runs.Add(Run(Seed003, 1, 9, 20, "/c/1", learningRate: 0.001)); // seed 1 of that setting again
        runs.Add(Run(Zoo.Find("seed004-simple-rnn"), 0, 0.5, 5, "/d/0"));

        var (settings, notes) = ResultAggregation.Aggregate(runs, name => Zoo.All.ToList().FindIndex(e => e.Name == name));
        Assert.That(settings.Select(s => (s.Experiment, s.Setting)), Is.EqualTo(new[]
        {
            ("seed003-wuv-rnn", "training.optimizer.learning_rate=0.01"), ("seed003-wuv-rnn", "training.optimizer.learning_rate=0.001"), ("seed004-simple-rnn", ""),
        }));
        var first = settings[0];
        Assert.That(first.Seeds, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(first.MainMetric, Is.EqualTo(ResultAggregation.TestLoss));
        Assert.That(first.MainMetricLabel, Is.EqualTo("test MSE"));
        // Mean of 0.10, 0.12, 0.17 = 0.13; deviations -0.03, -0.01, 0.04: s = sqrt(0.0026 / 2) = 0.0360555.
        Assert.That(first.Metrics[ResultAggregation.TestLoss].Mean, Is.EqualTo(0.13).Within(1e-12));
        Assert.That(first.Metrics[ResultAggregation.TestLoss].StandardDeviation, Is.EqualTo(Math.Sqrt(0.0013)).Within(1e-12));
        Assert.That(first.Metrics["mae"].Mean, Is.EqualTo(0.065).Within(1e-12));
        Assert.That(first.Metrics[ResultAggregation.WallSeconds].Mean, Is.EqualTo(11).Within(1e-12));
        Assert.That(settings[1].Metrics[ResultAggregation.TestLoss].Values, Is.EqualTo(new double[] { 1, 2 }), "the repeated seed 1 counts once: the first");
        Assert.That(notes, Has.Count.EqualTo(1));
        Assert.That(notes[0], Does.Contain("/c/1").And.Contain("seed 1").And.Contain("/b/1"));
        Assert.That(settings[2].Metrics[ResultAggregation.TestLoss].StandardDeviation, Is.Null, "one run: no spread");
    }

    [Test]
    public void SpreadChart_IsAPng()
    {
        var path = Path.Combine(Dir, "spread.png");
        RnnZoo.Training.Plots.SpreadPlots.Write(path, [("lr=0.01", Spread.Of([0.1, 0.2, 0.15])), ("lr=0.001", Spread.Of([0.5]))], "spread", "test MSE");
        Assert.That(Tests.Training.Plots.Png.Size(path), Is.EqualTo((RnnZoo.Training.Plots.TrainingPlots.Width, RnnZoo.Training.Plots.TrainingPlots.Height)));
    }
}
