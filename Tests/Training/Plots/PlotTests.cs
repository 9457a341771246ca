using RnnZoo.Tests.Support;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using RnnZoo.Data.Batching;
using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Tasks;
using RnnZoo.Training;
using RnnZoo.Training.Diagnostics;
using RnnZoo.Training.Plots;
using SkiaSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Training.Plots;

[TestFixture]
public class PlotTests : TempFolderTests
{
    private static EpochRecord Epoch(int epoch, double loss, double? validation, Dictionary<string, double>? metrics = null) =>
        new(epoch, loss, validation, metrics ?? new Dictionary<string, double>(), 1e-3, 1, 1, 100);

    private static T Axis<T>(PlotModel model, AxisPosition position) where T : Axis =>
        model.Axes.Single(a => a.Position == position && a is T) as T ?? throw new AssertionException($"no {typeof(T).Name} at {position}");

    // The tick values OxyPlot draws, read after the model has been rendered (ticks are laid out for the plot's size).
    private static IList<double> MajorLabels(Axis axis)
    {
        axis.GetTickValues(out var labels, out _, out _);
        return labels.Where(v => v >= axis.ActualMinimum && v <= axis.ActualMaximum).ToList();
    }

    [Test]
    public void Font_IsAnInstalledFamilyWithGlyphs_AndTextIsDrawn()
    {
        Assert.That(SKFontManager.Default.FontFamilies, Does.Contain(Charts.FontFamily), "the chosen family is one the font manager has");
        using (var typeface = SKTypeface.FromFamilyName(Charts.FontFamily))
        {
            Assert.That(typeface.FamilyName, Is.EqualTo(Charts.FontFamily));
            Assert.That(typeface.GetGlyphs("Ae0|/_^×"), Is.All.GreaterThan((ushort)0), "every character the charts use has a glyph");
        }
        // The same chart with and without a title: the title band must hold the title's dark glyph pixels.
        var titled = Path.Combine(Dir, "titled.png");
        var bare = Path.Combine(Dir, "bare.png");
        Charts.WritePng(Charts.NewModel("Learning curves of a model"), titled, 400, 200);
        Charts.WritePng(Charts.NewModel(""), bare, 400, 200);
        using var withTitle = Png.Decode(titled);
        using var without = Png.Decode(bare);
        Assert.That(Png.DarkPixels(without, 0, 40), Is.EqualTo(0));
        Assert.That(Png.DarkPixels(withTitle, 0, 40), Is.GreaterThan(200), "the title's glyphs were drawn");
        Assert.That(withTitle.GetPixel(2, 199), Is.EqualTo(SKColors.White), "opaque white background");
    }

    [Test]
    public void LearningCurves_AreAPngOfTheExpectedSize_WithWholeEpochTicks_AndALegend()
    {
        var history = Enumerable.Range(1, 5).Select(e => Epoch(e, 1.0 / e, 1.2 / e)).ToList();
        var path = Path.Combine(Dir, "learning_curves.png");
        TrainingPlots.LearningCurves(path, history);
        Assert.That(Png.Size(path), Is.EqualTo((900, 500)));

        var model = TrainingPlots.LearningCurvesModel(history, "five epochs");
        Charts.WritePng(model, Path.Combine(Dir, "model.png"), 900, 500);
        var epochs = Axis<LinearAxis>(model, AxisPosition.Bottom);
        Assert.That(epochs.Title, Is.EqualTo("epoch"));
        Assert.That(epochs.MajorStep, Is.EqualTo(1));
        Assert.That(MajorLabels(epochs), Is.EqualTo(new double[] { 1, 2, 3, 4, 5 }), "one tick per epoch, none between");
        var loss = Axis<Axis>(model, AxisPosition.Left);
        Assert.That(loss, Is.TypeOf<LinearAxis>(), "a loss within 50x stays on a linear axis");
        Assert.That(loss.Title, Is.EqualTo("loss"));
        Assert.That(model.Series.Select(s => s.Title), Is.EqualTo(new[] { "loss", "val_loss" }));
        var validation = (LineSeries)model.Series[1];
        Assert.That(validation.Points.Select(p => (p.X, p.Y)), Is.EqualTo(history.Select(r => ((double)r.Epoch, r.ValidationLoss!.Value))));
        Assert.That(model.Legends, Has.Count.EqualTo(1));
    }

    [Test]
    public void LearningCurves_OfALongRun_KeepWholeEpochTicks_AndTakeALogAxisForALossOverDecades()
    {
        var history = Enumerable.Range(1, 100).Select(e => Epoch(e, 0.2 * Math.Exp(-0.1 * e), null)).ToList();
        var model = TrainingPlots.LearningCurvesModel(history);
        Charts.WritePng(model, Path.Combine(Dir, "long.png"), 900, 500);
        var epochs = Axis<LinearAxis>(model, AxisPosition.Bottom);
        Assert.That(epochs.MajorStep, Is.EqualTo(10));
        var ticks = MajorLabels(epochs);
        Assert.That(ticks, Has.Count.InRange(5, 13));
        Assert.That(ticks, Is.All.Matches<double>(v => v == Math.Round(v)), string.Join(", ", ticks));
        Assert.That(Axis<Axis>(model, AxisPosition.Left), Is.TypeOf<LogarithmicAxis>(), "0.18 down to 9e-6 spans four decades");
        Assert.That(model.Series.Select(s => s.Title), Is.EqualTo(new[] { "loss" }), "no validation, no val_loss line");
    }

    [Test]
    public void LearningCurves_WithAccuracy_AddAnAccuracyPanelBelowTheLosses()
    {
        var history = Enumerable.Range(1, 4).Select(e => Epoch(e, 0.5 / e, 0.4, new Dictionary<string, double>
            { ["accuracy"] = 0.7 + 0.05 * e, ["val_accuracy"] = 0.8, ["val_f1"] = 0.5 })).ToList();
        var path = Path.Combine(Dir, "curves.png");
        TrainingPlots.LearningCurves(path, history);
        Assert.That(Png.Size(path), Is.EqualTo((TrainingPlots.Width, TrainingPlots.TwoPanelHeight)));

        var model = TrainingPlots.LearningCurvesModel(history);
        var loss = model.Axes.Single(a => a.Key == "loss");
        var accuracy = model.Axes.Single(a => a.Key == "accuracy");
        Assert.That(accuracy.Title, Is.EqualTo("accuracy"));
        Assert.That(accuracy.EndPosition, Is.LessThan(loss.StartPosition), "the panels do not overlap");
        Assert.That(model.Series.Select(s => s.Title), Is.EqualTo(new[] { "loss", "val_loss", "accuracy", "val_accuracy" }), "val_f1 is not drawn");
        var series = model.Series.Cast<LineSeries>().ToList();
        Assert.That(series.Select(s => s.YAxisKey), Is.EqualTo(new[] { "loss", "loss", "accuracy", "accuracy" }));
        Assert.That(series[2].Points.Select(p => p.Y), Is.EqualTo(history.Select(r => r.Metrics["accuracy"])));
        Assert.That(model.Legends.Select(l => l.Key), Is.EquivalentTo(new[] { "loss", "accuracy" }), "one legend per panel");
    }

    [Test]
    public void Forecast_HasADateAxisSpanningTheDates_AndTheBaselinesBeside()
    {
        var dates = Enumerable.Range(0, 60).Select(i => new DateTime(2015, 3, 1).AddDays(i)).ToArray();
        var actual = dates.Select((_, i) => Math.Sin(i / 10.0)).ToArray();
        var predicted = actual.Select(v => v + 0.1).ToArray();
        var naive = actual.Select((v, i) => i == 0 ? v : actual[i - 1]).ToArray();
        var baselines = new Dictionary<string, IReadOnlyList<double>> { ["naive"] = naive };
        var path = Path.Combine(Dir, "forecast.png");
        TrainingPlots.ActualVersusPredicted(path, dates, actual, predicted, "temp_max", "temp_max (°C)", baselines);
        Assert.That(Png.Size(path), Is.EqualTo((900, 500)));

        var model = TrainingPlots.ActualVersusPredictedModel(dates, actual, predicted, "temp_max", "temp_max (°C)", baselines);
        Charts.WritePng(model, Path.Combine(Dir, "model.png"), 900, 500);
        var time = Axis<DateTimeAxis>(model, AxisPosition.Bottom);
        Assert.That(time.ConvertToDateTime(time.ActualMinimum), Is.EqualTo(dates[0]));
        Assert.That(time.ConvertToDateTime(time.ActualMaximum), Is.EqualTo(dates[^1]));
        var labels = MajorLabels(time).Select(time.FormatValue).ToList();
        Assert.That(labels, Has.Count.GreaterThan(1));
        Assert.That(labels, Is.All.Matches<string>(l => DateTime.TryParseExact(l, "yyyy-MM-dd", null, System.Globalization.DateTimeStyles.None, out _)),
            string.Join(", ", labels));
        Assert.That(Axis<LinearAxis>(model, AxisPosition.Left).Title, Is.EqualTo("temp_max (°C)"));
        Assert.That(model.Series.Select(s => s.Title), Is.EqualTo(new[] { "actual", "predicted", "naive" }));
        var lines = model.Series.Cast<LineSeries>().ToList();
        Assert.That(lines[2].LineStyle, Is.EqualTo(LineStyle.Dash), "baselines are dashed");
        Assert.That(lines[1].Points.Select(p => (time.ConvertToDateTime(p.X), p.Y)), Is.EqualTo(dates.Zip(predicted)));

        var error = Assert.Throws<ArgumentException>(() => TrainingPlots.ActualVersusPredictedModel(dates[..59], actual, predicted))!;
        Assert.That(error.Message, Does.Contain("one value per date (59); got 60"));
    }

    [Test]
    public void GradientNormAxis_IsLogarithmic_WithPowerOfTenLabels()
    {
        var norms = new Dictionary<string, double[]>
        {
            ["rnn"] = Enumerable.Range(0, 40).Select(t => Math.Pow(10, -6 + 5.0 * t / 39)).ToArray(),
            ["lstm"] = Enumerable.Range(0, 40).Select(t => 0.01 + 0.001 * t).ToArray(),
            ["gru"] = Enumerable.Range(0, 40).Select(t => t == 3 ? 0 : 0.02).ToArray(), // an underflow to 0 leaves a gap
        };
        var model = TrainingPlots.GradientNormsModel(norms, "three models");
        Charts.WritePng(model, Path.Combine(Dir, "norms.png"), 900, 500);
        var log = Axis<LogarithmicAxis>(model, AxisPosition.Left);
        Assert.That(log.Base, Is.EqualTo(10));
        var decades = MajorLabels(log);
        Assert.That(decades, Has.Count.InRange(4, 8));
        Assert.That(decades, Is.All.Matches<double>(v => Math.Abs(Math.Log10(v) - Math.Round(Math.Log10(v))) < 1e-9),
            "major ticks at whole decades only: " + string.Join(", ", decades));
        Assert.That(decades.Select(log.FormatValue), Does.Contain("10^{-3}"));
        Assert.That(Axis<LinearAxis>(model, AxisPosition.Bottom).Title, Is.EqualTo("time step t"));
        Assert.That(model.Series.Select(s => s.Title), Is.EqualTo(new[] { "rnn", "lstm", "gru" }));
        Assert.That(((LineSeries)model.Series[2]).Points[3], Is.EqualTo(DataPoint.Undefined));

        Assert.That(TrainingPlots.PowerOfTen(1e-3), Is.EqualTo("10^{-3}"));
        Assert.That(TrainingPlots.PowerOfTen(1), Is.EqualTo("10^{0}"));
        Assert.That(TrainingPlots.PowerOfTen(100), Is.EqualTo("10^{2}"));
        Assert.That(TrainingPlots.PowerOfTen(2.5e-3), Is.EqualTo("2.5×10^{-3}"));
    }

    [Test]
    public void GradientFlow_OnTheAddingProblem_ShowsVanishingForTanhRnn_AndIsPlotted()
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        var batch = RnnZoo.Data.Generators.AddingProblem.Generate(32, 60, seed: 1);
        var norms = new Dictionary<string, double[]>();
        foreach (var kind in new[] { RnnKind.Rnn, RnnKind.Lstm })
        {
            var model = new SequenceRegressor(new SequenceRegressorSpec(new RecurrentSpec(kind, 2, 32)));
            norms[kind.ToString()] = GradientFlow.Measure(model, batch, LossKind.Mse);
            Assert.That(norms[kind.ToString()], Has.Length.EqualTo(60));
            Assert.That(norms[kind.ToString()], Is.All.GreaterThan(0));
        }
        // The target depends on two early steps, yet at initialisation dL/dh_t shrinks going back in time:
        // through 60 steps of an untrained tanh RNN it falls by orders of magnitude (vanishing gradients).
        var rnn = norms["Rnn"];
        Assert.That(rnn[0] / rnn[^1], Is.LessThan(1e-2));
        var path = Path.Combine(Dir, "gradients.png");
        TrainingPlots.GradientNorms(path, norms);
        Assert.That(Png.Size(path), Is.EqualTo((900, 500)));
    }
}
