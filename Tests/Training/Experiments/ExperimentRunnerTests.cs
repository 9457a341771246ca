using RnnZoo.Tests.Support;
using System.Text.Json;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Tests.Training.Experiments;

[TestFixture]
public class ExperimentRunnerTests : TempFolderTests
{
    [Test]
    public void Registry_EverySeedIsThere_WithValidRecords()
    {
        var names = Zoo.All.Select(e => e.Name).ToList();
        foreach (var seed in new[] { "seed000", "seed001", "seed002", "seed003", "seed004" })
            Assert.That(names.Any(n => n.StartsWith(seed)), Is.True, seed);
        Assert.That(names, Is.Unique);
        foreach (var e in Zoo.All)
        {
            Assert.That(() => e.Validate(), Throws.Nothing, e.Name);
            Assert.That(e.Description, Is.Not.Empty, e.Name);
        }
    }

    [TestCase("seed000-basic-rnn")]
    [TestCase("seed004-simple-rnn")]
    public void QuickRun_WritesConfigMetricsSummaryCheckpointsTensorBoardAndPlots(string name)
    {
        var output = new StringWriter();
        var summary = ExperimentRunner.Run(Zoo.Find(name), new RunSettings(OutputDirectory: Dir, Progress: ProgressMode.None), output);
        foreach (var file in new[] { "config.json", "metrics.jsonl", "summary.json", "model.bin", "checkpoints/checkpoint.bin", "plots/learning_curves.png", "plots/gradient_norms.png" })
            Assert.That(File.Exists(Path.Combine(Dir, file)), Is.True, file);
        Assert.That(Directory.GetFiles(Path.Combine(Dir, "tensorboard"), "events.out.tfevents.*"), Is.Not.Empty);
        Assert.That(summary.Epochs, Is.EqualTo(Zoo.Find(name).Profiles.Quick.Epochs));
        var config = RunFolder.ReadConfig(Dir);
        Assert.That(config.Command(), Does.StartWith($"rnnzoo run {name} --profile quick"));
        Assert.That(ExperimentFile.ToJson(config.Experiment), Is.EqualTo(ExperimentFile.ToJson(Zoo.Find(name))), "the whole experiment is in config.json");
        if (name.StartsWith("seed000")) Assert.That(summary.TestMetrics["accuracy"], Is.GreaterThan(0.45), "well above chance (1/3) after the quick profile");
        else Assert.That(summary.TestLoss, Is.LessThan(0.05), "seed 004's cell learns the recurrence");
    }

    [Test]
    public void AnExperimentFile_RunsToTheSameModelAsTheRegistryRecord_BitForBit()
    {
        var name = "seed003-wuv-rnn";
        var file = Path.Combine(Dir, "x.json");
        ExperimentFile.Write(file, ExperimentFile.ToJson(Zoo.Find(name)));
        var fromRegistry = Path.Combine(Dir, "registry");
        var fromFile = Path.Combine(Dir, "file");
        ExperimentRunner.Run(Zoo.Find(name), new RunSettings(Seed: 5, OutputDirectory: fromRegistry, Progress: ProgressMode.None, TensorBoard: false), TextWriter.Null);
        ExperimentRunner.Run(ExperimentFile.LoadExperiment(file), new RunSettings(Seed: 5, OutputDirectory: fromFile, Progress: ProgressMode.None, TensorBoard: false,
            ExperimentFile: file), TextWriter.Null);
        Assert.That(File.ReadAllBytes(Path.Combine(fromFile, "model.bin")), Is.EqualTo(File.ReadAllBytes(Path.Combine(fromRegistry, "model.bin"))));
        Assert.That(RunFolder.ReadConfig(fromFile).Command(), Does.StartWith($"rnnzoo run --config {file} --profile quick"));
    }

    [Test]
    public void EvalAndPredict_ReadOnlyTheRunFolder_SoAnEditOfItsConfigIsWhatTheyUse()
    {
        ExperimentRunner.Run(Zoo.Find("seed003-wuv-rnn"), new RunSettings(OutputDirectory: Dir, Progress: ProgressMode.None, TensorBoard: false), TextWriter.Null);
        var before = ExperimentRunner.Evaluate(Dir, null);
        // A copy of the folder elsewhere works alone.
        var copy = Path.Combine(Path.GetTempPath(), "rnnzoo-copy-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyFolder(Dir, copy);
            Assert.That(ExperimentRunner.Evaluate(copy, null).Loss, Is.EqualTo(before.Loss));
            // Edit config.json: a test set of other size is what eval now reads.
            var path = Path.Combine(copy, "config.json");
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"test_count\": 500", "\"test_count\": 100"));
            Assert.That(ExperimentRunner.Evaluate(copy, null).Samples, Is.EqualTo(100));
        }
        finally { Directory.Delete(copy, true); }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
