using System.Globalization;
using System.Text.RegularExpressions;
using RnnZoo.Experiments.Diagnostics;
using RnnZoo.Tests.Support;

namespace RnnZoo.Tests.Packaging;

/// <summary>
/// Using RnnZoo from other TorchSharp code: the libraries packed into a local folder feed (<see cref="LocalFeed"/>), and
/// consumer projects that build against them and run: a recurrent network and a training epoch; a callback and a loss
/// of the consumer's own; the README's forecasting program on a series of its own.
/// </summary>
[TestFixture]
[Category("Packaging")]
public class PackageConsumerTests
{
    private static string Consumer(string name, string program)
    {
        Assert.That(LocalFeed.Libraries().Select(File.Exists), Is.All.True);
        var consumer = LocalFeed.NewFolder(name);
        // The local feed beside the configured ones, which serve TorchSharp and libtorch.
        LocalFeed.WriteNuGetConfig(consumer, only: false);
        DotnetCli.WriteConsoleProject(consumer, "Consumer", $"""
              <ItemGroup>
                <PackageReference Include="RnnZoo.Training" Version="{LocalFeed.Version}" />
                <PackageReference Include="libtorch-cpu-{NativeLibraryCheck.PlatformRuntimeIdentifier}" Version="{BuildInfo.LibTorchVersion}" />
              </ItemGroup>
            """, program);
        return consumer;
    }

    [Test]
    public void PackedLibraries_BuildAndRunInAConsumerProject_FromALocalFeed()
    {
        var consumer = Consumer("consumer", """
            using RnnZoo.Data.Batching;
            using RnnZoo.Models;
            using RnnZoo.Models.Networks;
            using RnnZoo.Models.Tasks;
            using RnnZoo.Training;
            using static TorchSharp.torch;

            manual_seed(1);
            var encoder = Recurrent.Create(RnnKind.Lstm, inputSize: 4, hiddenSize: 8, layers: 2, bidirectional: true,
                                           implementation: RecurrentImplementation.Reference);
            var (outputs, state) = encoder.forward(randn(3, 5, 4), tensor(new long[] { 5, 3, 1 }));
            Console.WriteLine($"outputs {string.Join("x", outputs.shape)} state {string.Join("x", state.H.shape)}");

            var model = new SequenceRegressor(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Gru, 4, 8)));
            var data = new TensorBatchLoader(randn(32, 6, 4), randn(32, 1, 1), null, new BatchLoaderOptions(8));
            var result = new Trainer(model, new FitOptions(1, LossKind.Mse, Progress: ProgressMode.None)).Fit(data);
            Console.WriteLine($"trained {result.History.Count} epoch, loss {result.History[0].Loss:F3}");
            """);
        var (runCode, runOutput) = DotnetCli.Dotnet(consumer, "run", "--", "-nologo");
        Assert.That(runCode, Is.Zero, runOutput);
        Assert.That(runOutput, Does.Contain("outputs 3x5x16 state 4x3x8"));
        Assert.That(runOutput, Does.Contain("trained 1 epoch"));
    }

    [Test]
    public void AConsumersOwnCallbackAndLoss_RunInTheTrainer()
    {
        // A callback that stops at a target validation accuracy, and a label-smoothed cross-entropy as a delegate that
        // counts its calls. The task (the sign of a sequence's sum) is learned past 90% within a few epochs.
        var consumer = Consumer("callback", """
            using RnnZoo.Data.Batching;
            using RnnZoo.Models;
            using RnnZoo.Models.Networks;
            using RnnZoo.Models.Tasks;
            using RnnZoo.Training;
            using RnnZoo.Training.Callbacks;
            using RnnZoo.Training.Metrics;
            using static TorchSharp.torch;

            manual_seed(1);
            Tensor Inputs(long n) => randn(new long[] { n, 10, 1 });
            Tensor Labels(Tensor x) => (x.sum(new long[] { 1, 2 }) > 0).to(ScalarType.Int64);
            var (xTrain, xValidation) = (Inputs(512), Inputs(256));
            var train = new TensorBatchLoader(xTrain, Labels(xTrain), null, new BatchLoaderOptions(32, Seed: 1));
            var validation = new TensorBatchLoader(xValidation, Labels(xValidation), null, new BatchLoaderOptions(256, Shuffle: false));
            var model = new SequenceClassifier(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Gru, 1, 16), Classes: 2));

            var calls = 0;
            var smoothed = Loss.Custom("smoothed_cross_entropy", (logits, labels) =>
            {
                calls++;
                var logP = logits.log_softmax(1);
                return 0.9 * nn.functional.nll_loss(logP, labels) - 0.1 * logP.mean();
            }, evaluationMetrics: () => [new ClassificationMetric()]);

            using var trainer = new Trainer(model, new FitOptions(30, LossKind.CrossEntropy, new OptimizerSpec(OptimizerKind.Adam, 0.01), Progress: ProgressMode.None),
                callbacks: [new StopAt("val_accuracy", 0.9)], loss: smoothed);
            var result = trainer.Fit(train, validation);
            Console.WriteLine($"{result.Reason} after {result.History.Count} epochs: val_accuracy {result.History[^1].Metrics["val_accuracy"]:F3}; loss {trainer.Loss.Name} called {calls} times");

            sealed class StopAt(string metric, double target) : Callback
            {
                public override void OnEpochEnd(TrainingContext context, EpochRecord record)
                {
                    if (record.Value(metric) >= target) context.RequestStop(StopReason.Requested, $"{metric} reached {target}");
                }
            }
            """);
        var (code, output) = DotnetCli.Dotnet(consumer, "run", "--", "-nologo");
        Assert.That(code, Is.Zero, output);
        TestContext.Out.WriteLine(output);
        var match = Regex.Match(output, @"Requested after (?<epochs>\d+) epochs: val_accuracy (?<accuracy>[\d.]+); loss smoothed_cross_entropy called (?<calls>\d+) times");
        Assert.That(match.Success, Is.True, output);
        var epochs = int.Parse(match.Groups["epochs"].Value, CultureInfo.InvariantCulture);
        Assert.That(epochs, Is.LessThan(30), "stopped by the consumer's callback");
        Assert.That(double.Parse(match.Groups["accuracy"].Value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0.9));
        // 16 training batches per epoch, and one validation batch.
        Assert.That(int.Parse(match.Groups["calls"].Value, CultureInfo.InvariantCulture), Is.EqualTo(epochs * 17), "every batch's loss is the consumer's");
    }

    [Test]
    public void ReadmeForecastProgram_BuildsFromThePackages_AndForecastsItsOwnSeries()
    {
        var program = DotnetCli.ReadmeExample("forecast");
        Assert.That(program.Split('\n').Count(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("using") && !l.TrimStart().StartsWith("//")), Is.LessThanOrEqualTo(20),
            "about twenty lines of code");
        var consumer = Consumer("forecast", program);
        // Twenty years of a CO2-like monthly series (trend, yearly cycle, noise) with months 1990-06 and 1995-10/11 missing.
        var random = new Random(5);
        var lines = new List<string> { "Date,CO2" };
        for (var m = 0; m < 240; m++)
        {
            var date = new DateTime(1980, 1, 1).AddMonths(m);
            if (date is { Year: 1990, Month: 6 } or { Year: 1995, Month: 10 or 11 }) continue;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},{338 + 0.12 * m + 3 * Math.Sin(2 * Math.PI * m / 12) + 0.3 * random.NextDouble():F2}"));
        }
        File.WriteAllLines(Path.Combine(consumer, "co2.csv"), lines);

        var (code, output) = DotnetCli.Dotnet(consumer, "run", "--", "-nologo");
        Assert.That(code, Is.Zero, output);
        TestContext.Out.WriteLine(output);
        Assert.That(output, Does.Contain("240 rows, monthly (3 missing periods filled: Interpolate)").And.Contain("lookback 24, horizon 12"));
        foreach (var method in new[] { "model", "naive", "drift", "seasonal_naive", "holt_winters" })
        {
            Assert.That(output, Does.Match($@"h1 {method} +MAE \d+\.\d{{3}}  MASE \d+\.\d{{3}}"), method);
            Assert.That(output, Does.Match($@"h12 {method} +MAE \d+\.\d{{3}}  MASE \d+\.\d{{3}}"), method);
        }
        // The forecast continues the file: the twelve months of 2000.
        Assert.That(output, Does.Contain("2000-01 ").And.Contain("2000-12 "));
        var forecast = Regex.Matches(output, @"^2000-\d\d (?<v>\d+\.\d\d)$", RegexOptions.Multiline).Select(m => double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.That(forecast, Has.Length.EqualTo(12));
        Assert.That(forecast, Is.All.InRange(355.0, 375.0), "near the series' level at its end (338 + 0.12 · 240 ≈ 367)");
    }
}
