using System.Globalization;
using System.Text.Json;
using RnnZoo.Tests.Support;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Tests.Experiments.Commands;

/// <summary><c>rnnzoo classify</c> and <c>rnnzoo forecast</c> on collections and series the tests make, and what their run folders let <c>predict</c> do.</summary>
[TestFixture]
[NonParallelizable] // in-process runs write to the console
public class OwnDataCommandTests : TempFolderTests
{
    // Three labels told apart by their words, among shared filler: a task a small LSTM learns in two epochs.
    private string TextCollectionFolder()
    {
        var root = Path.Combine(Dir, "reviews");
        var words = new Dictionary<string, string[]>
        {
            ["happy"] = ["wonderful", "delight", "great", "superb", "joy"],
            ["sad"] = ["dreadful", "gloom", "awful", "tears", "dull"],
            ["angry"] = ["furious", "outrage", "rage", "scandal", "hate"],
        };
        string[] filler = ["the", "film", "was", "a", "and", "of", "it", "story", "this", "really"];
        var random = new Random(3);
        foreach (var (label, own) in words)
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            for (var i = 0; i < 120; i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, random.Next(6, 20)).Select(_ => random.NextDouble() < 0.35 ? own[random.Next(own.Length)] : filler[random.Next(filler.Length)]));
                File.WriteAllText(Path.Combine(root, label, $"{i}.txt"), text + ".");
            }
        }
        return root;
    }

    [Test]
    public void Classify_TrainsOnAFolderOfLabels_AndPredictNeedsOnlyTheRunFolder()
    {
        var source = TextCollectionFolder();
        var run = Path.Combine(Dir, "run");
        var config = Path.Combine(Dir, "classify.json");
        var (code, output, err) = Cli.Run("classify", source, "--out", run, "--epochs", "6", "--num-words", "100", "--no-tensorboard", "--progress", "none", "--save-config", config);
        Assert.That(code, Is.Zero, err);
        Assert.That(output, Does.Contain("360 documents (angry 120, happy 120, sad 120)").And.Contain("stratified split, seed 0"));
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))).RootElement;
        Assert.That(summary.GetProperty("test_metrics").GetProperty("accuracy").GetDouble(), Is.GreaterThan(0.8), output);
        Assert.That(RunFolder.ReadLabels(run), Is.EqualTo(new[] { "angry", "happy", "sad" }));
        Assert.That(RunFolder.ReadEncoder(run)!.Vocabulary.Words, Does.Contain("wonderful"));
        Assert.That(ExperimentFile.LoadExperiment(config).Data, Is.InstanceOf<TextData>());

        // predict reads the run folder alone: the source may be gone.
        Directory.Delete(source, true);
        var (predicted, lines, perr) = Cli.Run("predict", run, "--text", "wonderful joy, a superb delight", "--text", "zzz qqq",
            "--text", string.Join(' ', Enumerable.Repeat("outrage rage", 300)));
        Assert.That(predicted, Is.Zero, perr);
        var printed = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(printed[0], Does.Contain(" happy ").And.Contain("angry ").And.Contain("sad "), "the best label, then every probability");
        Assert.That(printed[1], Does.Contain("no known words"));
        Assert.That(printed[2], Does.Contain(" angry ").And.Contain("truncated: 601 ids, the model read the last 500"));

        // A damaged vocabulary is one line, exit 1.
        File.WriteAllText(Path.Combine(run, "vocabulary.json"), "{\"format\": 1, \"words\": [");
        var (damaged, _, derr) = Cli.Run("predict", run, "--text", "great");
        Assert.That(damaged, Is.EqualTo(1));
        Assert.That(derr, Does.Contain("vocabulary.json").And.Contain("not a vocabulary file"));
    }

    // A CO2-like monthly series: trend, yearly cycle and noise, 1980-2004, with two months missing.
    private string MonthlyCsv(bool gaps)
    {
        var path = Path.Combine(Dir, "co2.csv");
        var random = new Random(9);
        var lines = new List<string> { "Date,CO2" };
        for (var m = 0; m < 300; m++)
        {
            var date = new DateTime(1980, 1, 1).AddMonths(m);
            if (gaps && date is { Year: 1991, Month: 3 or 4 }) continue;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},{338 + 0.12 * m + 3 * Math.Sin(2 * Math.PI * m / 12) + 0.3 * random.NextDouble():F2}"));
        }
        File.WriteAllLines(path, lines);
        return path;
    }

    [Test]
    public void Forecast_OnAPlainDateValueCsv_PicksTheMonthlyDefaults_AndReportsEveryBaseline()
    {
        var csv = MonthlyCsv(gaps: true);
        var (refused, _, refusal) = Cli.Run("forecast", csv, "--target", "CO2", "--out", Path.Combine(Dir, "refused"));
        Assert.That(refused, Is.EqualTo(1));
        Assert.That(refusal, Does.Contain("1991-03").And.Contain("gap policy"), "missing months are named, and the remedy");

        var run = Path.Combine(Dir, "run");
        var saved = Path.Combine(Dir, "co2.json");
        var (code, output, err) = Cli.Run("forecast", csv, "--target", "CO2", "--gaps", "interpolate", "--out", run, "--epochs", "3", "--save-config", saved,
            "--no-tensorboard", "--progress", "none");
        Assert.That(code, Is.Zero, err);
        var config = RunFolder.ReadConfig(run);
        var spec = ((ForecastData)config.Data).Forecast;
        Assert.That((spec.Season, spec.Lookback, spec.Horizon), Is.EqualTo((12, 24, 12)), "monthly defaults");
        var forecast = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json"))).RootElement.GetProperty("forecast");
        foreach (var horizon in new[] { "h1", "h12" })
            foreach (var method in new[] { "model", "naive", "seasonal_naive", "drift", "holt_winters" })
                Assert.That(forecast.GetProperty(horizon).GetProperty(method).GetProperty("mase").GetDouble(), Is.GreaterThan(0), $"{horizon} {method}");
        Assert.That(File.Exists(Path.Combine(run, "plots", "forecast.png")), Is.True);

        // The saved experiment runs again as a file.
        var (again, _, againErr) = Cli.Run("run", "--config", saved, "--out", Path.Combine(Dir, "again"), "--epochs", "1", "--no-tensorboard", "--progress", "none");
        Assert.That(again, Is.Zero, againErr);

        // A damaged scaler.json is one line, exit 1, and stays as it is.
        var scaler = Path.Combine(run, "scaler.json");
        var good = File.ReadAllText(scaler);
        File.WriteAllText(scaler, good[..(good.Length / 2)]);
        var (damagedScaler, _, scalerErr) = Cli.Run("predict", run, "--csv", csv);
        Assert.That(damagedScaler, Is.EqualTo(1));
        Assert.That(scalerErr.Trim().Split('\n'), Has.Length.EqualTo(1), scalerErr);
        Assert.That(scalerErr, Does.Contain("scaler.json"));
        File.WriteAllText(scaler, good);

        // predict --csv with a file that lacks the column: one line naming it.
        var other = Path.Combine(Dir, "other.csv");
        File.WriteAllLines(other, File.ReadLines(csv).Select(l => l.Replace("CO2", "co2_ppm")));
        var (missing, _, missingErr) = Cli.Run("predict", run, "--csv", other);
        Assert.That(missing, Is.EqualTo(1));
        Assert.That(missingErr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(missingErr, Does.Contain("'CO2'"));
    }
}
