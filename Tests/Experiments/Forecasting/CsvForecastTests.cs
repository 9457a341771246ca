using System.Globalization;
using RnnZoo.Experiments;
using RnnZoo.Experiments.Forecasting;
using RnnZoo.Experiments.Registry;
using RnnZoo.Experiments.Running;
using RnnZoo.Models.Serialization;
using RnnZoo.Training;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Experiments.Forecasting;

/// <summary>Forecasting inputs and targets, scaler.json, and <c>predict --csv</c> on a small synthetic weather file.</summary>
[TestFixture]
public class CsvForecastTests
{
    private string _dir = null!;
    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("rnnzoo-forecast-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(_dir, true);

    // Three years of daily weather in the shared file's layout: a yearly cycle plus noise.
    private string WriteWeather(int days, string name = "seattle-weather.csv")
    {
        var folder = Path.Combine(_dir, "timeseries");
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

    [Test]
    public void Windows_PredictingChanges_TargetsAreTheScaledChangeFromTheOrigin_AndCalendarInputsAreAppended()
    {
        WriteWeather(400);
        var spec = new ForecastData("timeseries/seattle-weather.csv", "temp_max", new[] { "temp_min" }, Lookback: 5, Horizon: 3,
            PredictChange: true, CalendarFeatures: true);
        var data = ForecastPreparation.Prepare(spec, 16, 0, _dir);
        var c = data.Forecast!;
        Assert.That(c.Features, Has.Length.EqualTo(spec.InputSize).And.Length.EqualTo(4));
        // 2012-01-01 is day 1: angle 0, so sin 0 and cos 1.
        Assert.That(c.Features[2][0], Is.EqualTo(0).Within(1e-12));
        Assert.That(c.Features[3][0], Is.EqualTo(1).Within(1e-12));

        using var scope = NewDisposeScope();
        var (x, y) = ForecastPreparation.Build(c, new[] { 10 });
        Assert.That(x.shape, Is.EqualTo(new long[] { 1, 5, 4 }));
        // The target of step h is z[o + h] − z[o], z the target standardised with the training part's mean and deviation.
        var z = c.Target.Select(v => (v - c.Scaler.Offset[0]) / c.Scaler.Scale[0]).ToArray();
        for (var h = 1; h <= 3; h++)
            Assert.That(y[0, h - 1, 0].item<float>(), Is.EqualTo(z[10 + h] - z[10]).Within(1e-5), $"h = {h}");
        // The window's last input step is the origin's row.
        Assert.That(x[0, 4, 0].item<float>(), Is.EqualTo(z[10]).Within(1e-5));
    }

    [Test]
    public void FutureDates_FollowTheSeriesFrequency()
    {
        var daily = new[] { new DateTime(2015, 12, 30), new DateTime(2015, 12, 31) };
        Assert.That(CsvForecast.FutureDates(daily, 2), Is.EqualTo(new[] { new DateTime(2016, 1, 1), new DateTime(2016, 1, 2) }));
        var monthly = new[] { new DateTime(2010, 1, 1), new DateTime(2010, 2, 1), new DateTime(2010, 3, 1) };
        Assert.That(CsvForecast.FutureDates(monthly, 2), Is.EqualTo(new[] { new DateTime(2010, 4, 1), new DateTime(2010, 5, 1) }));
    }

    [Test]
    public void Predict_OnACsv_ForecastsFromItsLastRows_AsTheTrainedRunDoes()
    {
        var weather = WriteWeather(3 * 365);
        var run = Path.Combine(_dir, "run");
        var experiment = Zoo.Find("forecast-seattle-lstm");
        ExperimentRunner.Run(experiment, new RunOptions(DataDirectory: _dir, OutputDirectory: run, Progress: ProgressMode.None), TextWriter.Null);
        Assert.That(File.Exists(Path.Combine(run, ForecastScaling.FileName)), Is.True);

        // The file cut after row 900: predict reads it alone, with scaler.json; the independent route re-prepares the
        // full series (scaler fitted afresh on its training part) and forecasts from the window ending at row 899.
        var cut = Path.Combine(_dir, "cut.csv");
        File.WriteAllLines(cut, File.ReadLines(weather).Take(1 + 900));
        var model = ExperimentRunner.BuildModel(experiment.Model, 0);
        ModelFile.Load(model, Path.Combine(run, "model.bin"));
        var spec = (ForecastData)experiment.Data;
        var steps = CsvForecast.Forecast(model, spec, ForecastScaling.Load(run), cut);

        var prepared = ForecastPreparation.Prepare(spec, 32, 0, _dir).Forecast!;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        model.eval();
        var (x, _) = ForecastPreparation.Build(prepared, new[] { 899 });
        var change = model.forward(x, null).flatten().to(ScalarType.Float64).data<double>().ToArray();
        Assert.That(steps, Has.Count.EqualTo(spec.Horizon));
        for (var h = 0; h < spec.Horizon; h++)
        {
            var expected = (change[h] + prepared.Features[0][899]) * prepared.Scaler.Scale[0] + prepared.Scaler.Offset[0];
            Assert.That(steps[h].Value, Is.EqualTo(expected).Within(1e-3), $"step {h + 1}");
            Assert.That(steps[h].Date, Is.EqualTo(new DateTime(2012, 1, 1).AddDays(900 + h)));
        }

        // The command line: a CSV file with a header and one line per step; --text on a forecasting run fails with 1.
        var output = Path.Combine(_dir, "forecast.csv");
        Assert.That(Program.Main(new[] { "predict", run, "--csv", cut, "--output", output }), Is.EqualTo(0));
        Assert.That(File.ReadAllLines(output), Has.Length.EqualTo(1 + spec.Horizon));
        Assert.That(File.ReadAllLines(output)[0], Is.EqualTo("ahead,date,temp_max"));
        Assert.That(Program.Main(new[] { "predict", run, "--text", "a fine film" }), Is.EqualTo(1));
        Assert.That(Program.Main(new[] { "predict", run }), Is.EqualTo(2), "neither --text nor --csv");
        File.WriteAllLines(cut, File.ReadLines(weather).Take(1 + 10));
        Assert.That(() => CsvForecast.Forecast(model, spec, ForecastScaling.Load(run), cut),
            Throws.ArgumentException.With.Message.Contains("has 10 rows; the model reads the last 30"));
    }
}
