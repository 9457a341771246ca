using RnnZoo.Tests.Support;
using System.Globalization;
using RnnZoo.Data.TimeSeries;
using RnnZoo.Experiments;
using RnnZoo.Training.Experiments;
using RnnZoo.Models.Serialization;
using RnnZoo.Training;
using RnnZoo.Training.Forecasting;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Experiments;

/// <summary>A forecasting run's scaler.json, <c>predict --csv</c> and bad CSV cells on a small synthetic weather file.</summary>
[TestFixture]
[NonParallelizable] // Program.Main writes to the console
public class PredictCsvTests : TempFolderTests
{
    // Daily weather in the shared file's layout: a yearly cycle plus noise.
    private string WriteWeather(int days, string name = "seattle-weather.csv")
    {
        var folder = Path.Combine(Dir, "timeseries");
        Directory.CreateDirectory(folder);
        var random = new Random(7);
        var lines = new List<string> { "date,precipitation,temp_max,temp_min,wind,weather" };
        var start = new DateTime(2012, 1, 1);
        for (var d = 0; d < days; d++)
        {
            var season = Math.Sin(2 * Math.PI * d / 365.25);
            var max = 15 + 10 * season + random.NextDouble() * 3;
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{start.AddDays(d):yyyy-MM-dd},{random.NextDouble() * 5:F1},{max:F1},{max - 8 - random.NextDouble() * 2:F1},{2 + random.NextDouble() * 3:F1},rain"));
        }
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string SetCell(string line, int column, string value)
    {
        var fields = line.Split(',');
        fields[column] = value.Contains(',') ? $"\"{value}\"" : value;
        return string.Join(",", fields);
    }

    private static (int Code, string Err) Rnnzoo(params string[] args)
    {
        var old = Console.Error;
        using var err = new StringWriter();
        Console.SetError(err);
        try { return (Program.Main(args), err.ToString()); }
        finally { Console.SetError(old); }
    }

    [Test]
    public void Predict_OnACsv_ForecastsFromItsLastRows_AsTheTrainedRunDoes()
    {
        var weather = WriteWeather(3 * 365);
        var run = Path.Combine(Dir, "run");
        var experiment = Zoo.Find("forecast-seattle-lstm");
        ExperimentRunner.Run(experiment, new RunSettings(DataDirectory: Dir, OutputDirectory: run, Progress: ProgressMode.None, TensorBoard: false), TextWriter.Null);
        Assert.That(File.Exists(Path.Combine(run, ScalerFile.FileName)), Is.True);

        // The file cut after row 900: predict reads it alone, with scaler.json; the independent route re-prepares the
        // full series (scaler fitted afresh on its training part) and forecasts from the window ending at row 899.
        var cut = Path.Combine(Dir, "cut.csv");
        File.WriteAllLines(cut, File.ReadLines(weather).Take(1 + 900));
        var model = ModelFactory.Build(experiment.Model, 0);
        ModelFile.Load(model, Path.Combine(run, "model.bin"));
        var spec = ((ForecastData)experiment.Data).Forecast;
        var scaler = ScalerFile.Load(run).ScalerFor(spec);
        var steps = Forecaster.ForecastAfterEnd(model, ForecastSeries.Load(cut, spec, scaler));

        var prepared = ForecastSeries.Load(weather, spec);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var x = prepared.Windows([899]).Inputs;
        var change = model.forward(x, null).flatten().to(ScalarType.Float64).data<double>().ToArray();
        Assert.That(steps, Has.Count.EqualTo(spec.Horizon));
        for (var h = 0; h < spec.Horizon; h++)
        {
            var expected = (change[h] + prepared.Inputs[0][899]) * prepared.Scaler.Scale[0] + prepared.Scaler.Offset[0];
            Assert.That(steps[h].Value, Is.EqualTo(expected).Within(1e-3), $"step {h + 1}");
            Assert.That(steps[h].Date, Is.EqualTo(new DateTime(2012, 1, 1).AddDays(900 + h)));
        }

        // The command line: a CSV file with a header and one line per step; --text on a forecasting run fails with 1.
        var output = Path.Combine(Dir, "forecast.csv");
        Assert.That(Rnnzoo("predict", run, "--csv", cut, "--output", output).Code, Is.EqualTo(0));
        Assert.That(File.ReadAllLines(output), Has.Length.EqualTo(1 + spec.Horizon));
        Assert.That(File.ReadAllLines(output)[0], Is.EqualTo("ahead,date,temp_max"));
        Assert.That(Rnnzoo("predict", run, "--text", "a fine film").Code, Is.EqualTo(2), "text for a forecasting run: bad usage");
        Assert.That(Rnnzoo("predict", run).Code, Is.EqualTo(2), "neither --text nor --csv");
        File.WriteAllLines(cut, File.ReadLines(weather).Take(1 + 10));
        Assert.That(() => Forecaster.ForecastAfterEnd(model, ForecastSeries.Load(cut, spec, scaler)),
            Throws.ArgumentException.With.Message.Contains("has 10 rows; the model reads the last 30"));

        // Issue 15: a non-numeric or empty cell, or a missing column, is one line and exit code 1, never a stack trace.
        var lines = File.ReadLines(weather).Take(1 + 100).ToList();
        lines[42] = SetCell(lines[42], 2, "abc");
        File.WriteAllLines(cut, lines);
        var (code, err) = Rnnzoo("predict", run, "--csv", cut);
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("line 43").And.Contain("column 'temp_max'").And.Contain("'abc' is not a number"));
        lines[42] = SetCell(lines[42], 2, "");
        File.WriteAllLines(cut, lines);
        (code, err) = Rnnzoo("predict", run, "--csv", cut);
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("line 43").And.Contain("missing value"));
        File.WriteAllLines(cut, File.ReadLines(weather).Take(1 + 100).Select(l => string.Join(",", l.Split(',').Where((_, i) => i != 4))));
        (code, err) = Rnnzoo("predict", run, "--csv", cut);
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain("'wind'"));
    }

    [Test]
    public void Run_OnAForecastCsvWithABadCell_IsOneLineAndExitCodeOne()
    {
        var weather = WriteWeather(400);
        var lines = File.ReadAllLines(weather);
        lines[7] = SetCell(lines[7], 2, "12,5");
        File.WriteAllLines(weather, lines);
        var (code, err) = Rnnzoo("run", "forecast-seattle-lstm", "--data-dir", Dir, "--out", Path.Combine(Dir, "run"), "--epochs", "1");
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1), err);
        Assert.That(err, Does.Contain("line 8").And.Contain("column 'temp_max'").And.Contain("'12,5' is not a number"));
    }
}
