using RnnZoo.Tests.Support;
using System.Text.Json.Nodes;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Tests.Training.Experiments;

/// <summary>Experiments as JSON files: every registry record round-trips, and a malformed file is one line naming the field.</summary>
[TestFixture]
public class ExperimentFileTests : TempFolderTests
{
    private string Write(string json, string name = "x.json")
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    [Test]
    public void EveryRegistryExperiment_RoundTripsThroughItsFile()
    {
        foreach (var experiment in Zoo.All)
        {
            var json = ExperimentFile.ToJson(experiment);
            var loaded = ExperimentFile.LoadExperiment(Write(json));
            Assert.That(ExperimentFile.ToJson(loaded), Is.EqualTo(json), experiment.Name);
            Assert.That(loaded.Name, Is.EqualTo(experiment.Name));
        }
        var seed002 = JsonNode.Parse(ExperimentFile.ToJson(Zoo.Find("seed002-imdb-lstm")))!;
        Assert.That(seed002["task"]!.GetValue<string>(), Is.EqualTo("classification"));
        Assert.That(seed002["data"]!["kind"]!.GetValue<string>(), Is.EqualTo("imdb"));
        Assert.That(seed002["model"]!["spec"]!["recurrent"]!["kind"]!.GetValue<string>(), Is.EqualTo("lstm"));
        Assert.That(seed002["profiles"]!["full"]!["epochs"]!.GetValue<int>(), Is.EqualTo(10));
    }

    [Test]
    public void MalformedFiles_AreOneLineNamingTheFieldAndWhatWasExpected()
    {
        var good = ExperimentFile.ToJson(Zoo.Find("seed003-wuv-rnn"));
        string Error(string json)
        {
            var path = Write(json);
            var e = Assert.Throws<InvalidDataException>(() => ExperimentFile.LoadExperiment(path))!;
            Assert.That(e.Message, Does.StartWith(path + ":"));
            Assert.That(e.Message, Does.Not.Contain("\n"), "one line");
            return e.Message;
        }
        Assert.That(Error(good[..(good.Length / 2)]), Does.Contain("not valid JSON"));
        Assert.That(Error(good.Replace("\"batch_size\": 64", "\"batch_size\": \"abc\"")), Does.Contain("training.batch_size").And.Contain("expected a whole number"));
        Assert.That(Error(good.Replace("\"loss\": \"mse\"", "\"loss\": \"nosuch\"")), Does.Contain("training.loss").And.Contain("one of cross_entropy"));
        Assert.That(Error(good.Replace("\"batch_size\": 64", "\"batch_size\": 64, \"batch_szie\": 3")), Does.Contain("unknown field 'batch_szie'"));
        Assert.That(Error(good.Replace("\"batch_size\": 64", "\"batch_size\": 0")), Does.Contain("training.batch_size: must be positive, got 0"));
        Assert.That(Error(good.Replace("\"kind\": \"generated\"", "\"kind\": \"nosuch\"")), Does.Contain("'kind'"));
        var node = JsonNode.Parse(good)!.AsObject();
        node.Remove("model");
        Assert.That(Error(node.ToJsonString()), Does.Contain("missing required").And.Contain("model"));
        Assert.That(Error(good.Replace("\"cell\": \"wuv\"", "\"cell\": \"nosuch\"")), Does.Contain("model.cell: unknown cell 'nosuch'"));
    }

    [Test]
    public void ARunConfig_RecordsEverySetting_AndRefusesToContinueWithOnesThatChangeTheResult()
    {
        var experiment = Zoo.Find("seed003-wuv-rnn");
        var config = RunConfig.Create(experiment, new RunSettings(Profile: ProfileKind.Quick, Seed: 3, BatchSize: 32, Device: "cpu"));
        var loaded = ExperimentFile.LoadRunConfig(Write(ExperimentFile.ToJson(config)));
        Assert.That(ExperimentFile.ToJson(loaded), Is.EqualTo(ExperimentFile.ToJson(config)));
        Assert.That(loaded.Training.BatchSize, Is.EqualTo(32));
        Assert.That(loaded.Command(), Is.EqualTo("rnnzoo run seed003-wuv-rnn --profile quick --epochs 3 --seed 3 --device cpu --batch-size 32"));

        // Not given: kept. The epochs may grow.
        var continued = loaded.ContinuedWith(new RunSettings(Epochs: 5));
        Assert.That((continued.Seed, continued.Training.BatchSize, continued.Epochs), Is.EqualTo((3, 32, 5)));
        var e = Assert.Throws<RunUsageException>(() => loaded.ContinuedWith(new RunSettings(Seed: 4, BatchSize: 64, LearningRate: 0.1)))!;
        Assert.That(e.Message, Does.Contain("seed: 3 -> 4").And.Contain("training.batch_size: 32 -> 64").And.Contain("training.optimizer.learning_rate: 0.01 -> 0.1"));
        Assert.That(() => loaded.ContinuedWith(new RunSettings(Profile: ProfileKind.Full)), Throws.InstanceOf<RunUsageException>().With.Message.Contains("profile: quick -> full"));
        Assert.That(() => loaded.ContinuedWith(new RunSettings(Implementation: RnnZoo.Models.RecurrentImplementation.Fused)),
            Throws.ArgumentException.With.Message.Contains("reference implementation only"));
    }
}
