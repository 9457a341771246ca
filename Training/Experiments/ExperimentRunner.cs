using System.Diagnostics;
using System.Text.Json;
using RnnZoo.Data.TimeSeries;
using RnnZoo.Models;
using RnnZoo.Models.Serialization;
using RnnZoo.Training.Diagnostics;
using RnnZoo.Training.Forecasting;
using RnnZoo.Training.Inference;
using RnnZoo.Training.Plots;
using TorchSharp;
using static TorchSharp.torch;
using RnnZoo.Data;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// The one generic runner: any <see cref="Experiment"/> (a registry record or a file), any profile, into a run folder that
/// it alone writes (<see cref="RunLock"/>). A folder holding a run is never overwritten without <c>Overwrite</c>; a resume
/// continues the recorded configuration and refuses settings that would change the result; nothing is written before
/// every check has passed.
/// </summary>
public static class ExperimentRunner
{
    /// <summary>File under plots/ holding ||dL/dh_t|| for every step t after training.</summary>
    public const string GradientNormsFile = "gradient_norms.csv";

    /// <summary>
    /// Runs <paramref name="experiment"/> with <paramref name="settings"/>; writes config.json, metrics.jsonl, checkpoints/,
    /// tensorboard/, then model.bin, plots/ and summary.json into the run folder. <paramref name="cancellationToken"/> stops
    /// training after the current batch with a checkpoint that resumes exactly (the summary's StopReason is then
    /// <see cref="StopReason.Interrupted"/> and the run is not finished).
    /// </summary>
    /// <exception cref="ArgumentException">Bad settings, a folder holding a run (without Resume or Overwrite), a resume with other settings.</exception>
    /// <exception cref="RunFolderBusyException">Another process writes into the folder.</exception>
    public static RunSummary Run(Experiment experiment, RunSettings settings, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(settings);
        output ??= Console.Out;
        settings.Validate();
        var folder = Path.GetFullPath(settings.OutputDirectory ?? Path.Combine("runs", experiment.Name, DateTime.UtcNow.ToString("yyyyMMdd-HHmmss")));
        if (File.Exists(folder)) throw new RunUsageException($"--out: '{folder}' is a file, not a folder.");

        using var runLock = RunLock.Acquire(folder, $"rnnzoo run {experiment.Name}");
        RunConfig config;
        if (settings.Resume)
        {
            if (!File.Exists(RunFolder.CheckpointPath(folder)))
                throw new RunUsageException($"--resume: no checkpoint in '{Path.Combine(folder, RunFolder.CheckpointFolder)}'. Pass the --out folder of the run to continue.");
            var recorded = RunFolder.ReadConfig(folder);
            if (recorded.Experiment.Name != experiment.Name)
                throw new RunUsageException($"--resume: '{folder}' holds a run of '{recorded.Experiment.Name}', not of '{experiment.Name}'.");
            // A file's experiment must be the recorded one; a registry name continues what was recorded, even if the registry changed since.
            config = recorded.ContinuedWith(settings, settings.ExperimentFile is null ? null : experiment);
            // A damaged checkpoint is refused now, before anything of the folder is written (config.json included).
            Checkpoints.TrainingCheckpoint.Verify(RunFolder.CheckpointPath(folder));
            if (settings.ExperimentFile is null && ExperimentFile.ToJson(recorded.Experiment) != ExperimentFile.ToJson(experiment))
                output.WriteLine($"note: the registry's '{experiment.Name}' has changed since this run was made; it continues as it was made (its config.json).");
        }
        else
        {
            config = RunConfig.Create(experiment, settings);
            if (RunFolder.DescribeRun(folder) is { } held)
            {
                if (!settings.Overwrite)
                    throw new RunUsageException($"--out: '{folder}' holds {held}. Pass --resume to continue it, --overwrite to replace it, or another --out folder.");
                output.WriteLine($"overwriting {held} in {folder}");
                RunFolder.Clear(folder);
            }
        }
        DeviceSelection.Parse(config.Device); // fails early, with the reason, where CUDA is absent
        RunFolder.RemoveStaleTemporaries(folder);
        return Execute(config, folder, settings, output, cancellationToken);
    }

    private static RunSummary Execute(RunConfig config, string folder, RunSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var experiment = config.Experiment;
        var device = DeviceSelection.Parse(config.Device);
        var watch = Stopwatch.StartNew();
        var training = config.Training;
        // A resumed text run encodes with the vocabulary it was trained on.
        var savedEncoder = settings.Resume ? RunFolder.ReadEncoder(folder) : null;
        var savedLabels = settings.Resume ? RunFolder.ReadLabels(folder) : null;
        var data = DataPreparation.Prepare(config.Data, training.BatchSize, config.Seed, settings.DataDirectory, savedEncoder, savedLabels);
        var model = ModelFactory.Build(config.Model, config.Seed);

        // Everything checked: from here on the run folder is written.
        Directory.CreateDirectory(Path.Combine(folder, "plots"));
        RunFolder.WriteConfig(folder, config);
        if (data.Encoder is { } encoder) encoder.Save(Path.Combine(folder, RnnZoo.Data.Text.TextEncoder.FileName));
        if (data.Labels is { } labels) RunFolder.WriteLabels(folder, labels);
        // predict reads it to scale new data exactly as training did.
        if (data.Forecast is { } scalingSource) ScalerFile.From(scalingSource).Save(folder);
        output.WriteLine($"{experiment.Name} ({config.Profile.ToString().ToLowerInvariant()}, {config.Epochs} epochs, seed {config.Seed}): {data.Description}");
        foreach (var note in data.Notes ?? []) output.WriteLine($"note: {note}");
        output.WriteLine($"output: {folder}");

        var fit = new FitOptions(config.Epochs, training.Loss, training.Optimizer, training.Schedule, training.Clipping, training.EarlyStopping,
            config.Seed, config.Device, Path.Combine(folder, RunFolder.CheckpointFolder), 1, Path.Combine(folder, RunFolder.MetricsFile),
            settings.Progress, settings.Resume, TensorBoardDirectory: settings.TensorBoard ? Path.Combine(folder, "tensorboard") : null);
        using var trainer = new Trainer(model, fit, output);
        var result = trainer.Fit(data.Train, data.Validation, cancellationToken);
        if (result.Reason == StopReason.Interrupted)
        {
            // The progress reporter has said where and why it stopped (unless progress is off); this adds how to go on.
            output.WriteLine((settings.Progress == ProgressMode.None ? result.Message + " " : "") + $"Resume with: {config.Command()} --out {folder} --resume");
            return Summary(config, folder, result, double.NaN, new Dictionary<string, double>(), watch, null, null, null, 0);
        }

        var test = trainer.Evaluate(data.Test);
        ModelFile.Save(model, Path.Combine(folder, RunFolder.ModelFile));
        TrainingPlots.LearningCurves(Path.Combine(folder, "plots", "learning_curves.png"), result.History, $"{experiment.Name}: learning curves");
        var gradientNorms = GradientNorms(model, data, device, training.Loss, folder, experiment.Name);

        IReadOnlyDictionary<string, IReadOnlyDictionary<string, ForecastAccuracy>>? forecast = null;
        if (data.Forecast is { } series)
        {
            var report = ForecastEvaluation.Evaluate(model, series, device);
            report.Plot(Path.Combine(folder, "plots", "forecast.png"));
            foreach (var line in report.Lines()) output.WriteLine(line);
            forecast = report.Horizons;
        }

        var summary = Summary(config, folder, result, test.Loss, test.Metrics, watch, gradientNorms, forecast, test.Seconds, data.Test.SampleCount);
        ExperimentFile.Write(Path.Combine(folder, RunFolder.SummaryFile), JsonSerializer.Serialize(summary, JsonFormat.Indented));
        output.WriteLine($"test ({data.Test.SampleCount} samples evaluated in {test.Seconds:F1} s): loss {test.Loss:F4} " +
                         string.Join(" ", test.Metrics.Select(m => $"{m.Key} {m.Value:F4}")) +
                         $"; {summary.WallSeconds:F0} s in all; reference: {experiment.Reference}");
        return summary;
    }

    // dL/dh_t over t on one test batch of the trained model: vanishing or exploding gradients; the numbers behind the plot
    // too, so that runs can be compared in one chart (rnnzoo results does for the adding problem).
    private static double[] GradientNorms(SequenceModel model, PreparedData data, Device device, LossKind loss, string folder, string name)
    {
        double[] norms;
        using (NewDisposeScope())
        {
            var batch = data.Test.GetBatches(0).First();
            model.eval();
            norms = GradientFlow.Measure(model, batch with { Inputs = batch.Inputs.to(device), Targets = batch.Targets.to(device) }, loss);
        }
        File.WriteAllLines(Path.Combine(folder, "plots", GradientNormsFile),
            new[] { "t,grad_norm" }.Concat(norms.Select((g, t) => FormattableString.Invariant($"{t},{g:G6}"))));
        TrainingPlots.GradientNorms(Path.Combine(folder, "plots", "gradient_norms.png"), new Dictionary<string, double[]> { [name] = norms }, $"{name}: ||dL/dh_t|| after training");
        return norms;
    }

    private static RunSummary Summary(RunConfig config, string folder, FitResult result, double testLoss, IReadOnlyDictionary<string, double> testMetrics,
        Stopwatch watch, double[]? gradientNorms, IReadOnlyDictionary<string, IReadOnlyDictionary<string, ForecastAccuracy>>? forecast, double? testSeconds, long? testSamples) =>
        new(config.Experiment.Name, config.Profile, config.Seed, result.History.Count, result.Reason.ToString(), result.Message, testLoss, testMetrics,
            result.History.LastOrDefault()?.ValidationLoss, result.BestEpoch, config.Experiment.Reference,
            Math.Round(watch.Elapsed.TotalSeconds, 1), Math.Round(result.History.Count == 0 ? 0 : result.History.Average(h => h.SamplesPerSecond), 1),
            gradientNorms is null ? null : new[] { gradientNorms[0], gradientNorms[^1] }, folder, forecast,
            testSeconds is { } s ? Math.Round(s, 2) : null, testSamples);

    /// <summary>
    /// Evaluates a finished run on its test data: the recorded configuration, the run's weights, and, for text data, the
    /// run's own vocabulary and class names, so that other data (another --data-dir) is read with the ids the model knows.
    /// </summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="dataDirectory">Where the data sets are; null for where the run read them.</param>
    /// <param name="weights">Weights to use instead of the run's own (.bin, .pt/.pth, .safetensors); null for the run's.</param>
    /// <param name="map">Prefix map for weights whose modules are named otherwise; null for none.</param>
    /// <param name="dtype">Float32, or BFloat16 to evaluate the model converted by <see cref="Models.Runtime.LowPrecision.Convert"/>.</param>
    public static Evaluation Evaluate(string folder, string? dataDirectory, string? weights = null, PrefixMap? map = null, ScalarType dtype = ScalarType.Float32)
    {
        var config = RunFolder.ReadConfig(folder);
        var model = Models.Runtime.LowPrecision.Convert(RunFolder.LoadModel(folder, config, weights, map), dtype);
        var data = DataPreparation.Prepare(config.Data, config.Training.BatchSize, config.Seed, dataDirectory ?? config.DataDirectory,
            RunFolder.ReadEncoder(folder), RunFolder.ReadLabels(folder));
        return new Evaluator(model, Loss.From(config.Training.Loss)).Evaluate(data.Test);
    }
}

/// <summary>What summary.json holds.</summary>
public sealed record RunSummary(string Experiment, ProfileKind Profile, int Seed, int Epochs, string StopReason, string Message, double TestLoss,
    IReadOnlyDictionary<string, double> TestMetrics, double? FinalValidationLoss, int BestEpoch, string Reference, double WallSeconds,
    double TrainSamplesPerSecond, double[]? GradientNormFirstLast, string OutputDirectory,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ForecastAccuracy>>? Forecast = null, double? TestSeconds = null, long? TestSamples = null);
