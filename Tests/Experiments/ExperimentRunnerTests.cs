using System.Text.Json;
using RnnZoo.Experiments;
using RnnZoo.Experiments.Registry;
using RnnZoo.Experiments.Running;
using RnnZoo.Training;

namespace RnnZoo.Tests.Experiments;

[TestFixture]
public class ExperimentRunnerTests
{
    private string _dir = null!;
    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("rnnzoo-exp-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(_dir, true);

    [Test]
    public void Registry_EverySeedIsThere_WithQuickAndFullProfiles()
    {
        var names = Zoo.All.Select(e => e.Name).ToList();
        foreach (var seed in new[] { "seed000", "seed001", "seed002", "seed003", "seed004" })
            Assert.That(names.Any(n => n.StartsWith(seed)), Is.True, seed);
        Assert.That(names, Is.Unique);
        foreach (var e in Zoo.All)
        {
            Assert.That(e.Profiles.Keys, Is.SupersetOf(new[] { "quick", "full" }), e.Name);
            Assert.That(e.Description, Is.Not.Empty, e.Name);
        }
    }

    [TestCase("seed000-basic-rnn")]
    [TestCase("seed004-simple-rnn")]
    public void QuickRun_WritesConfigMetricsSummaryCheckpointsAndPlots(string name)
    {
        var output = new StringWriter();
        var summary = ExperimentRunner.Run(Zoo.Find(name), new RunOptions(OutputDirectory: _dir, Progress: ProgressMode.None), output);
        foreach (var file in new[] { "config.json", "metrics.jsonl", "summary.json", "model.bin", "checkpoints/checkpoint.bin", "plots/learning_curves.png", "plots/gradient_norms.png" })
            Assert.That(File.Exists(Path.Combine(_dir, file)), Is.True, file);
        Assert.That(summary.Epochs, Is.EqualTo(Zoo.Find(name).Profiles["quick"].Epochs));
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "config.json"))).RootElement;
        Assert.That(config.GetProperty("command").GetString(), Does.StartWith($"rnnzoo run {name}"));
        if (name.StartsWith("seed000")) Assert.That(summary.TestMetrics["accuracy"], Is.GreaterThan(0.45), "well above chance (1/3) after the quick profile");
        else Assert.That(summary.TestLoss, Is.LessThan(0.05), "seed 004's cell learns the recurrence");
    }

    /// <summary>eval --dtype bf16 evaluates the saved run in bfloat16: the accuracy stays close to float32's.</summary>
    [Test]
    public void Eval_BFloat16_ScoresCloseToFloat32()
    {
        var summary = ExperimentRunner.Run(Zoo.Find("seed000-basic-rnn"), new RunOptions(OutputDirectory: _dir, Progress: ProgressMode.None), new StringWriter());
        var console = Console.Out;
        var printed = new StringWriter();
        Console.SetOut(printed);
        try { Assert.That(Program.Main(new[] { "eval", _dir, "--dtype", "bf16" }), Is.EqualTo(0)); }
        finally { Console.SetOut(console); }
        var line = printed.ToString();
        Assert.That(line, Does.Contain("bfloat16"));
        var accuracy = double.Parse(System.Text.RegularExpressions.Regex.Match(line, @" accuracy ([0-9.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(accuracy, Is.EqualTo(summary.TestMetrics["accuracy"]).Within(0.02), "bfloat16 against the float32 test accuracy");
        Assert.That(Program.Main(new[] { "eval", _dir, "--dtype", "fp16" }), Is.EqualTo(2), "an unknown dtype is bad usage");
    }

    [Test]
    public void CommandLine_ExitCodes_TwoForBadUsage_OneForFailure_ZeroForSuccess()
    {
        Assert.That(Program.Main(new[] { "run", "seed000-basic-rnn", "--no-such-option" }), Is.EqualTo(2));
        Assert.That(Program.Main(new[] { "run", "no-such-experiment" }), Is.EqualTo(1));
        Assert.That(Program.Main(new[] { "run", "seed002-imdb-lstm", "--out", _dir }), Is.EqualTo(1), "IMDB without --data-dir");
        Assert.That(Program.Main(new[] { "list" }), Is.EqualTo(0));
    }
}
