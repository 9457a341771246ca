using System.Text.Json;
using RnnZoo.Data.Text;
using RnnZoo.Models;
using RnnZoo.Models.Serialization;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// A run folder: what a run writes (config.json, metrics.jsonl, checkpoints/, model.bin, summary.json, plots/,
/// tensorboard/, and as the data needs: scaler.json, vocabulary.json, labels.json), and how to read it back. Everything
/// needed to evaluate, apply or resume the run is inside; nothing is looked up elsewhere.
/// </summary>
public static class RunFolder
{
    /// <summary>The trained weights.</summary>
    public const string ModelFile = "model.bin";
    /// <summary>The test results.</summary>
    public const string SummaryFile = "summary.json";
    /// <summary>One line per epoch.</summary>
    public const string MetricsFile = "metrics.jsonl";
    /// <summary>The class names of a classifier, in class order.</summary>
    public const string LabelsFile = "labels.json";
    /// <summary>The checkpoint folder.</summary>
    public const string CheckpointFolder = "checkpoints";
    /// <summary>The default weight files of a run folder, in the order they are looked for (a run whose weights came from PyTorch holds model.pt or model.safetensors).</summary>
    public static readonly string[] WeightFiles = { ModelFile, "model.pt", "model.safetensors" };

    // What a run writes: the files and folders --overwrite removes (nothing else of the folder is touched).
    private static readonly string[] RunFiles = { RunConfig.FileName, MetricsFile, SummaryFile, ModelFile, LabelsFile, TextEncoder.FileName, "scaler.json" };
    private static readonly string[] RunFolders = { CheckpointFolder, "plots", "tensorboard" };

    /// <summary>The checkpoint file of a run folder.</summary>
    public static string CheckpointPath(string folder) => Path.Combine(folder, CheckpointFolder, "checkpoint.bin");

    /// <summary>What a folder holds, in words, or null when it holds no run: "a finished run", "an unfinished run (checkpoint of epoch 3)", ...</summary>
    public static string? DescribeRun(string folder)
    {
        if (!Directory.Exists(folder)) return null;
        if (File.Exists(Path.Combine(folder, SummaryFile)) && File.Exists(Path.Combine(folder, ModelFile))) return "a finished run";
        if (File.Exists(CheckpointPath(folder))) return "an unfinished run with a checkpoint";
        if (RunFiles.Any(f => File.Exists(Path.Combine(folder, f))) || RunFolders.Any(f => Directory.Exists(Path.Combine(folder, f)))) return "the files of a run";
        return null;
    }

    /// <summary>Removes what a run wrote (for <c>--overwrite</c>); other files of the folder stay.</summary>
    public static void Clear(string folder)
    {
        foreach (var file in RunFiles) File.Delete(Path.Combine(folder, file));
        foreach (var sub in RunFolders.Select(f => Path.Combine(folder, f)).Where(Directory.Exists)) Directory.Delete(sub, recursive: true);
        RemoveStaleTemporaries(folder);
    }

    /// <summary>Removes the temporary files a save killed between writing and renaming leaves behind (the folder's owner calls it).</summary>
    public static void RemoveStaleTemporaries(string folder)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var stale in Directory.EnumerateFiles(folder, "*.tmp")) File.Delete(stale);
    }

    /// <summary>The run's configuration.</summary>
    /// <exception cref="FileNotFoundException">No config.json: not a run folder.</exception>
    /// <exception cref="InvalidDataException">config.json is truncated, edited into another shape, or of another version (one line naming the field).</exception>
    public static RunConfig ReadConfig(string folder)
    {
        var path = Path.Combine(folder, RunConfig.FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{folder}' is not a run folder: no {RunConfig.FileName}. Pass the --out folder of 'rnnzoo run'.", path);
        return ExperimentFile.LoadRunConfig(path);
    }

    /// <summary>Writes the run's configuration (atomically).</summary>
    public static void WriteConfig(string folder, RunConfig config) => ExperimentFile.Write(Path.Combine(folder, RunConfig.FileName), ExperimentFile.ToJson(config));

    /// <summary>The run's text encoder (vocabulary.json), or null when the run has none.</summary>
    /// <exception cref="InvalidDataException">The file is damaged.</exception>
    public static TextEncoder? ReadEncoder(string folder)
    {
        var path = Path.Combine(folder, TextEncoder.FileName);
        return File.Exists(path) ? TextEncoder.Load(path) : null;
    }

    /// <summary>The run's class names (labels.json), or null when the run has none.</summary>
    /// <exception cref="InvalidDataException">The file is damaged.</exception>
    public static IReadOnlyList<string>? ReadLabels(string folder)
    {
        var path = Path.Combine(folder, LabelsFile);
        if (!File.Exists(path)) return null;
        try
        {
            var labels = JsonSerializer.Deserialize<string[]>(File.ReadAllText(path));
            if (labels is not { Length: >= 2 } || labels.Distinct().Count() != labels.Length)
                throw new JsonException("expected an array of two or more distinct class names");
            return labels;
        }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' is not a list of class names: {e.Message}", e); }
    }

    /// <summary>Writes the run's class names.</summary>
    public static void WriteLabels(string folder, IReadOnlyList<string> labels) =>
        ExperimentFile.Write(Path.Combine(folder, LabelsFile), JsonSerializer.Serialize(labels));

    /// <summary>
    /// The run's model with its weights, in eval mode: <paramref name="weights"/> when given (.bin, .pt/.pth or .safetensors,
    /// through <paramref name="map"/>), else the folder's model.bin, model.pt or model.safetensors.
    /// </summary>
    /// <exception cref="FileNotFoundException">No weights given and none in the folder (the run did not finish).</exception>
    /// <exception cref="InvalidDataException">The weights do not fit the model (names, shapes).</exception>
    public static SequenceModel LoadModel(string folder, RunConfig config, string? weights = null, PrefixMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var path = weights
            ?? WeightFiles.Select(f => Path.Combine(folder, f)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"'{folder}' has no {string.Join(", ", WeightFiles)}: the run did not finish (resume it with --resume), or pass --weights FILE.");
        var model = ModelFactory.Build(config.Model, config.Seed);
        PyTorchWeights.Load(model, path, map);
        model.eval();
        return model;
    }
}
