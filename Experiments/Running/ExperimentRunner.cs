using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using RnnZoo.Data.TimeSeries;
using RnnZoo.Experiments.Registry;
using RnnZoo.Models;
using RnnZoo.Models.Cells;
using RnnZoo.Models.Serialization;
using RnnZoo.Models.Tasks;
using RnnZoo.Training;
using RnnZoo.Training.Diagnostics;
using RnnZoo.Training.Forecasting;
using RnnZoo.Training.Plots;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Running;

/// <summary>The one generic runner: any <see cref="Experiment"/> of the registry, any profile.</summary>
public static class ExperimentRunner
{
    /// <summary>JSON settings of config.json and summary.json.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>File under plots/ holding ||dL/dh_t|| for every step t after training.</summary>
    public const string GradientNormsFile = "gradient_norms.csv";

    /// <summary>The model an experiment's spec describes, seeded.</summary>
    public static SequenceModel BuildModel(ModelSpec spec, int seed, RecurrentImplementation? implementation = null)
    {
        manual_seed(seed);
        return spec switch
        {
            ClassifierModel c => new SequenceClassifier(implementation is { } i ? c.Spec with { Recurrent = c.Spec.Recurrent with { Implementation = i } } : c.Spec),
            RegressorModel r => new SequenceRegressor(implementation is { } i ? r.Spec with { Recurrent = r.Spec.Recurrent with { Implementation = i } } : r.Spec),
            CellModel m => new CellSequenceModel(CellCatalog.Create(m.Cell, new CellArguments(m.InputSize, m.HiddenSize, m.OutputSize))),
            _ => throw new ArgumentException($"Unknown model spec {spec.GetType().Name}."),
        };
    }

    /// <summary>Runs <paramref name="experiment"/>; writes config.json, metrics.jsonl, summary.json, checkpoints/, model.bin and plots/ into the output folder.</summary>
    public static RunSummary Run(Experiment experiment, RunOptions options, TextWriter? output = null)
    {
        output ??= Console.Out;
        if (!experiment.Profiles.TryGetValue(options.Profile, out var profile))
            throw new ArgumentException($"Experiment '{experiment.Name}' has no profile '{options.Profile}'; it has {string.Join(", ", experiment.Profiles.Keys)}.");
        var epochs = options.Epochs ?? profile.Epochs;
        if (epochs <= 0) throw new ArgumentException($"--epochs must be positive, got {epochs}.");
        if (options.BatchSize is <= 0) throw new ArgumentException($"--batch-size must be positive, got {options.BatchSize}.");
        if (options.LearningRate is { } rate && !(rate > 0 && double.IsFinite(rate))) throw new ArgumentException($"--learning-rate must be positive, got {rate}.");
        // The training recipe with the command line's overrides; config.json records this one.
        var training = experiment.Training with
        {
            BatchSize = options.BatchSize ?? experiment.Training.BatchSize,
            Optimizer = experiment.Training.Optimizer with { LearningRate = options.LearningRate ?? experiment.Training.Optimizer.LearningRate },
            EarlyStopping = options.NoEarlyStopping ? null : experiment.Training.EarlyStopping,
        };
        var device = DeviceSelection.Parse(options.Device); // fails early, with the reason, where CUDA is absent
        var outDir = Path.GetFullPath(options.OutputDirectory ?? Path.Combine("runs", experiment.Name, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")));
        if (options.Resume && !File.Exists(Path.Combine(outDir, "checkpoints", "checkpoint.bin")))
            throw new ArgumentException($"--resume: no checkpoint in '{Path.Combine(outDir, "checkpoints")}'. Pass the --out folder of the run to continue.");
        Directory.CreateDirectory(Path.Combine(outDir, "plots"));

        var watch = Stopwatch.StartNew();
        var dataSpec = profile.Data ?? experiment.Data;
        var data = DataPreparation.Prepare(dataSpec, training.BatchSize, options.Seed, options.DataDirectory);
        output.WriteLine($"{experiment.Name} ({options.Profile}, {epochs} epochs, seed {options.Seed}): {data.Description}");
        output.WriteLine($"output: {outDir}");

        // predict reads it to scale new data exactly as training did.
        if (data.Forecast is { } scalingSource) ScalerFile.From(scalingSource).Save(outDir);

        var model = BuildModel(experiment.Model, options.Seed, options.Implementation);
        var fit = new FitOptions(epochs, training.Loss, training.Optimizer, training.Schedule,
            training.Clipping, training.EarlyStopping, options.Seed, options.Device,
            Path.Combine(outDir, "checkpoints"), 1, Path.Combine(outDir, "metrics.jsonl"), options.Progress, options.Resume);
        var config = new
        {
            experiment = experiment.Name,
            profile = options.Profile,
            epochs,
            seed = options.Seed,
            device = options.Device,
            implementation = options.Implementation?.ToString(),
            data = dataSpec,
            model = experiment.Model,
            training,
            command = $"rnnzoo run {experiment.Name} --profile {options.Profile} --epochs {epochs} --seed {options.Seed}" +
                      (options.Implementation is { } impl ? $" --implementation {impl.ToString().ToLowerInvariant()}" : "") +
                      (options.BatchSize is { } bs ? $" --batch-size {bs}" : "") +
                      (options.NoEarlyStopping ? " --no-early-stopping" : "") +
                      (options.LearningRate is { } lr ? FormattableString.Invariant($" --learning-rate {lr}") : "") +
                      (options.DataDirectory is { } dd ? $" --data-dir {dd}" : ""),
        };
        File.WriteAllText(Path.Combine(outDir, "config.json"), JsonSerializer.Serialize(config, Json));

        var trainer = new Trainer(model, fit, output);
        var result = trainer.Fit(data.Train, data.Validation);
        var testWatch = Stopwatch.StartNew();
        var (testLoss, testMetrics) = trainer.Evaluate(data.Test);
        var testSeconds = testWatch.Elapsed.TotalSeconds;
        ModelFile.Save(model, Path.Combine(outDir, "model.bin"));

        TrainingPlots.LearningCurves(Path.Combine(outDir, "plots", "learning_curves.png"), result.History, $"{experiment.Name}: learning curves");
        // dL/dh_t over t on one test batch of the trained model: vanishing or exploding gradients.
        double[] gradientNorms;
        using (NewDisposeScope())
        {
            var batch = data.Test.GetBatches(0).First();
            model.eval();
            gradientNorms = GradientFlow.Measure(model, batch with { Inputs = batch.Inputs.to(device), Targets = batch.Targets.to(device) }, experiment.Training.Loss);
        }
        // The numbers behind the plot, so that runs can be compared in one chart (rnnzoo results does for the adding problem).
        File.WriteAllLines(Path.Combine(outDir, "plots", GradientNormsFile),
            new[] { "t,grad_norm" }.Concat(gradientNorms.Select((g, t) => FormattableString.Invariant($"{t},{g:G6}"))));
        TrainingPlots.GradientNorms(Path.Combine(outDir, "plots", "gradient_norms.png"),
            new Dictionary<string, double[]> { [experiment.Name] = gradientNorms }, $"{experiment.Name}: ||dL/dh_t|| after training");

        IReadOnlyDictionary<string, IReadOnlyDictionary<string, ForecastAccuracy>>? forecast = null;
        if (data.Forecast is { } series)
        {
            var report = ForecastEvaluation.Evaluate(model, series, device);
            report.Plot(Path.Combine(outDir, "plots", "forecast.png"));
            foreach (var line in report.Lines()) output.WriteLine(line);
            forecast = report.Horizons;
        }

        var summary = new RunSummary(experiment.Name, options.Profile, result.History.Count, result.Reason.ToString(), result.Message,
            testLoss, testMetrics, result.History.LastOrDefault()?.ValidationLoss, result.BestEpoch, experiment.Reference,
            Math.Round(watch.Elapsed.TotalSeconds, 1), Math.Round(result.History.Count == 0 ? 0 : result.History.Average(h => h.SamplesPerSecond), 1),
            new[] { gradientNorms[0], gradientNorms[^1] }, outDir, forecast, Math.Round(testSeconds, 2), data.Test.SampleCount);
        File.WriteAllText(Path.Combine(outDir, "summary.json"), JsonSerializer.Serialize(summary, Json));
        output.WriteLine($"test ({data.Test.SampleCount} samples evaluated in {testSeconds:F1} s): loss {testLoss:F4} " +
                         string.Join(" ", testMetrics.Select(m => $"{m.Key} {m.Value:F4}")) +
                         $"; {summary.WallSeconds:F0} s in all; reference: {experiment.Reference}");
        return summary;
    }
}

/// <summary>What summary.json holds.</summary>
public sealed record RunSummary(string Experiment, string Profile, int Epochs, string StopReason, string Message, double TestLoss,
    IReadOnlyDictionary<string, double> TestMetrics, double? FinalValidationLoss, int BestEpoch, string Reference, double WallSeconds,
    double TrainSamplesPerSecond, double[]? GradientNormFirstLast, string OutputDirectory,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ForecastAccuracy>>? Forecast = null, double? TestSeconds = null, long? TestSamples = null);
