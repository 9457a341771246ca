using RnnZoo.Data.TimeSeries;
using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Tasks;
using RnnZoo.Training.Forecasting;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Training.Forecasting;

/// <summary>Rolling-origin MAE, RMSE and MASE of the baselines worked by hand, and a model's forecasts through <see cref="Forecaster"/>.</summary>
public class ForecastEvaluationTests
{
    //                                   0   1   2   3   4   5   6   7   8   9
    private static readonly double[] Y = [10, 12, 11, 13, 12, 14, 17, 15, 14, 16];

    // 10 steps: test round(3) = 3 → [7, 10); validation round(2) = 2 → [5, 7); train [0, 5). Season 2.
    private static readonly ForecastSpec Spec = new("y", Lookback: 2, Horizon: 2, Season: 2, TestFraction: 0.3, ValidationFraction: 0.2, Scaling: ForecastScaling.Change);

    private static ForecastSeries Series(ForecastSpec? spec = null) => ForecastSeries.Create(
        new RnnZoo.Data.TimeSeries.TimeSeries("s", Y.Select((_, i) => new DateTime(2000, 1, 1).AddMonths(i)).ToArray(), ["y"], [Y]), spec ?? Spec);

    [Test]
    public void Baselines_MaeRmseMase_ByHand()
    {
        var report = ForecastEvaluation.Evaluate(Series());
        Assert.That(report.Origins, Is.EqualTo(new[] { 6, 7, 8 }));
        Assert.That(report.OneStepDates, Is.EqualTo(new[] { new DateTime(2000, 8, 1), new DateTime(2000, 9, 1), new DateTime(2000, 10, 1) }));
        Assert.That(report.Horizons.Keys, Is.EqualTo(new[] { "h1", "h2" }));
        Assert.That(report.Horizons["h1"].Keys, Is.EqualTo(new[] { "naive", "drift", "seasonal_naive", "holt_winters" }));

        // MASE's scale: in-sample seasonal naive (m = 2) over everything before the test part, y[0..7):
        // |11−10|, |13−12|, |12−11|, |14−13|, |17−12| → 9/5 = 1.8 (the training part alone, y[0..5), would give 1).
        Assert.That(report.MaseScale, Is.EqualTo(1.8).Within(1e-12));

        // h = 1, origins 6, 7, 8, actual 15, 14, 16.
        var h1 = report.Horizons["h1"];
        // Naive: 17, 15, 14 → errors 2, 1, 2.
        Assert.That(h1["naive"].Mae, Is.EqualTo(5 / 3.0).Within(1e-12));
        Assert.That(h1["naive"].Rmse, Is.EqualTo(Math.Sqrt(3)).Within(1e-12));
        Assert.That(h1["naive"].Mase, Is.EqualTo(5 / 3.0 / 1.8).Within(1e-12));
        Assert.That(h1["naive"].Forecasts, Is.EqualTo(3));
        // Seasonal naive y[o − 1]: 14, 17, 15 → errors 1, 3, 1.
        Assert.That(h1["seasonal_naive"].Mae, Is.EqualTo(5 / 3.0).Within(1e-12));
        Assert.That(h1["seasonal_naive"].Rmse, Is.EqualTo(Math.Sqrt(11 / 3.0)).Within(1e-12));
        // Drift y[o] + (y[o] − y[0]) / o: 17 + 7/6, 15 + 5/7, 14 + 4/8.
        Assert.That(h1["drift"].Mae, Is.EqualTo((Math.Abs(17 + 7 / 6.0 - 15) + Math.Abs(15 + 5 / 7.0 - 14) + Math.Abs(14.5 - 16)) / 3).Within(1e-12));

        // h = 2, origins 6, 7 (8 + 2 is past the end), actual 14, 16.
        var h2 = report.Horizons["h2"];
        Assert.That(h2["naive"].Forecasts, Is.EqualTo(2));
        Assert.That(h2["naive"].Mae, Is.EqualTo(2).Within(1e-12), "17, 15 → errors 3, 1");
        Assert.That(h2["seasonal_naive"].Mae, Is.EqualTo(2).Within(1e-12), "y[o + 2 − 2] = y[o]: the naive forecast");
        Assert.That(h2["drift"].Mae, Is.EqualTo((Math.Abs(17 + 14 / 6.0 - 14) + Math.Abs(15 + 10 / 7.0 - 16)) / 2).Within(1e-12));
        Assert.That(report.Forecasts["naive"][2], Is.EqualTo(new[] { 14, double.NaN }), "origin 8: h = 2 is past the end");
        Assert.That(report.Lines().First(), Does.StartWith("h1 (rolling origin over the test part): ").And.Contain("naive MAE 1.667 RMSE 1.732 MASE 0.926"));
    }

    [Test]
    public void GivenForecasts_AreScoredFirst_AndCheckedForShape()
    {
        var s = Series();
        var perfect = s.EvaluationOrigins.Select(o => new[] { Y[o + 1], o + 2 < Y.Length ? Y[o + 2] : 0 }).ToArray();
        var report = ForecastEvaluation.Evaluate(s, new Dictionary<string, double[][]> { ["mine"] = perfect });
        Assert.That(report.Horizons["h1"].Keys.First(), Is.EqualTo("mine"));
        Assert.That((report.Horizons["h1"]["mine"].Mae, report.Horizons["h2"]["mine"].Mase), Is.EqualTo((0.0, 0.0)));
        Assert.That(report.BestBaseline(), Is.Not.EqualTo("mine"), "given forecasts are not baselines");
        Assert.That(() => ForecastEvaluation.Evaluate(s, new Dictionary<string, double[][]> { ["mine"] = perfect[..2] }),
            Throws.ArgumentException.With.Message.Contains("expected 3 origins x 2 steps"));
        Assert.That(() => ForecastEvaluation.Evaluate(s, new Dictionary<string, double[][]> { ["naive"] = perfect }),
            Throws.ArgumentException.With.Message.Contains("baseline"));
    }

    [Test]
    public void Climatology_NeedsItsFlag_AndHoltWintersTwoSeasonsOfTraining()
    {
        var seasonless = ForecastEvaluation.Evaluate(Series(Spec with { Season = 1, Climatology = true }));
        Assert.That(seasonless.Horizons["h1"].Keys, Is.EqualTo(new[] { "naive", "drift", "climatology" }));
        // Monthly dates: no earlier value shares the target's month and day, so climatology falls back to naive.
        Assert.That(seasonless.Horizons["h1"]["climatology"].Mae, Is.EqualTo(seasonless.Horizons["h1"]["naive"].Mae));
        // Scale with season 1: |12−10|, |11−12|, |13−11|, |12−13|, |14−12|, |17−14| → 11/6.
        Assert.That(seasonless.MaseScale, Is.EqualTo(11 / 6.0).Within(1e-12));
    }

    [Test]
    public void ModelForecasts_AreTheModelsOutputsInUnits_FromTheSeriesWindows()
    {
        manual_seed(3);
        var model = new SequenceRegressor(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Gru, Spec.InputSize, 4), Horizon: Spec.Horizon));
        var s = Series();
        var predictions = Forecaster.Predict(model, s, s.EvaluationOrigins);
        using (NewDisposeScope())
        using (no_grad())
        {
            var outputs = model.forward(s.Windows(s.EvaluationOrigins).Inputs, null).to(ScalarType.Float64).data<double>().ToArray();
            for (var n = 0; n < 3; n++)
                for (var h = 0; h < 2; h++)
                {
                    // Change scaling: (output + z[o]) · sd + mean.
                    var o = s.EvaluationOrigins[n];
                    var expected = (outputs[n * 2 + h] + s.Inputs[0][o]) * s.Scaler.Scale[0] + s.Scaler.Offset[0];
                    Assert.That(predictions[n][h], Is.EqualTo(expected).Within(1e-9), $"origin {o}, h {h + 1}");
                }
        }
        var report = ForecastEvaluation.Evaluate(model, s);
        Assert.That(report.Horizons["h1"].Keys.First(), Is.EqualTo(ForecastEvaluation.Model));
        Assert.That(report.Forecasts[ForecastEvaluation.Model][0], Is.EqualTo(predictions[0]));

        var steps = Forecaster.ForecastAfterEnd(model, s);
        Assert.That(steps.Select(p => (p.Ahead, p.Date)), Is.EqualTo(new[] { (1, (DateTime?)new DateTime(2000, 11, 1)), (2, new DateTime(2000, 12, 1)) }));
        Assert.That(steps[0].Value, Is.EqualTo(Forecaster.Predict(model, s, [9])[0][0]));

        var dir = Directory.CreateTempSubdirectory("rnnzoo-forecast-plot-").FullName;
        try
        {
            var png = Path.Combine(dir, "forecast.png");
            report.Plot(png);
            Assert.That(new FileInfo(png).Length, Is.GreaterThan(1000));
        }
        finally { Directory.Delete(dir, true); }
    }
}
