using RnnZoo.Data.Batching;
using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Tasks;
using RnnZoo.Training;
using RnnZoo.Training.Diagnostics;
using RnnZoo.Training.Plots;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Training.Plots;

[TestFixture]
public class PlotTests
{
    private string _dir = null!;
    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("rnnzoo-plots-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(_dir, true);

    // PNG signature, then the IHDR chunk: width and height as big-endian 32-bit integers at bytes 16-23.
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 12, 4), Is.EqualTo("IHDR"));
        int BigEndian(int at) => bytes[at] << 24 | bytes[at + 1] << 16 | bytes[at + 2] << 8 | bytes[at + 3];
        return (BigEndian(16), BigEndian(20));
    }

    [Test]
    public void LearningCurvesAndForecastPlots_AreValidPngsOfTheExpectedSize()
    {
        var history = Enumerable.Range(1, 5).Select(e => new EpochRecord(e, 1.0 / e, 1.2 / e, new Dictionary<string, double>(), 1e-3, 1, 1, 100)).ToList();
        var curves = Path.Combine(_dir, "learning_curves.png");
        TrainingPlots.LearningCurves(curves, history);
        Assert.That(PngSize(curves), Is.EqualTo((900, 500)));
        var forecast = Path.Combine(_dir, "forecast.png");
        TrainingPlots.ActualVersusPredicted(forecast, new double[] { 1, 2, 3 }, new double[] { 1.1, 1.9, 3.2 },
            baselines: new Dictionary<string, IReadOnlyList<double>> { ["naive"] = new double[] { 1, 1, 2 } });
        Assert.That(PngSize(forecast), Is.EqualTo((900, 500)));
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
        var path = Path.Combine(_dir, "gradients.png");
        TrainingPlots.GradientNorms(path, norms);
        Assert.That(PngSize(path), Is.EqualTo((900, 500)));
    }
}
