using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RnnZoo.Models;
using RnnZoo.Data;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// A run's <c>config.json</c>: the whole experiment (data, model, training, profiles) as it was given, and every setting of
/// the run (profile, epochs, seed, device, overrides). It is all that <c>eval</c>, <c>predict</c>, <c>--resume</c> and a
/// program loading the run read: no registry look-up, so a run folder copied elsewhere works alone, and an edit of it is
/// what they use. The resolved parts (<see cref="Data"/>, <see cref="Model"/>, <see cref="Training"/>) apply the profile and
/// the overrides.
/// </summary>
/// <param name="Format">The layout's version (<see cref="CurrentFormat"/>).</param>
/// <param name="Experiment">The experiment.</param>
/// <param name="Profile">The profile run.</param>
/// <param name="Epochs">Epochs in all.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Device">cpu or cuda.</param>
/// <param name="Implementation">The recurrent implementation asked for, or null for the model's own.</param>
/// <param name="BatchSize">The batch size asked for, or null for the experiment's.</param>
/// <param name="LearningRate">The learning rate asked for, or null for the experiment's.</param>
/// <param name="NoEarlyStopping">Early stopping turned off.</param>
/// <param name="DataDirectory">Where the data was read (informational: a resumed run may read it elsewhere).</param>
/// <param name="ExperimentFile">The experiment file, or null for the registry.</param>
public sealed record RunConfig(int Format, Experiment Experiment, ProfileKind Profile, int Epochs, int Seed, string Device,
    RecurrentImplementation? Implementation = null, int? BatchSize = null, double? LearningRate = null, bool NoEarlyStopping = false,
    string? DataDirectory = null, string? ExperimentFile = null)
{
    /// <summary>The layout this version writes and reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The file name in a run folder.</summary>
    public const string FileName = "config.json";

    /// <summary>The data: the profile's, else the experiment's.</summary>
    public DataSpec Data => Experiment.Profiles[Profile].Data ?? Experiment.Data;

    /// <summary>The model, with the implementation asked for.</summary>
    public ModelSpec Model => ModelFactory.WithImplementation(Experiment.Model, Implementation);

    /// <summary>The training recipe with the overrides applied.</summary>
    public TrainingSpec Training => Experiment.Training with
    {
        BatchSize = BatchSize ?? Experiment.Training.BatchSize,
        Optimizer = Experiment.Training.Optimizer with { LearningRate = LearningRate ?? Experiment.Training.Optimizer.LearningRate },
        EarlyStopping = NoEarlyStopping ? null : Experiment.Training.EarlyStopping,
    };

    /// <summary>The configuration of a new run of <paramref name="experiment"/> with <paramref name="settings"/>.</summary>
    public static RunConfig Create(Experiment experiment, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(settings);
        experiment.Validate();
        settings.Validate();
        var profile = settings.Profile ?? ProfileKind.Quick;
        return new RunConfig(CurrentFormat, experiment, profile, settings.Epochs ?? experiment.Profiles[profile].Epochs, settings.Seed ?? 0,
            settings.Device ?? "cpu", settings.Implementation, settings.BatchSize, settings.LearningRate, settings.NoEarlyStopping,
            settings.DataDirectory, settings.ExperimentFile).Checked();
    }

    /// <summary>
    /// This run's configuration continued with <paramref name="settings"/>: what they do not give stays as recorded; the
    /// epochs may change (to train further); everything else that changes the result must be as recorded.
    /// </summary>
    /// <exception cref="ArgumentException">A setting differs from the recorded one; the message lists every difference.</exception>
    public RunConfig ContinuedWith(RunSettings settings, Experiment? experiment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var requested = this with
        {
            Experiment = experiment ?? Experiment,
            Profile = settings.Profile ?? Profile,
            Seed = settings.Seed ?? Seed,
            Device = settings.Device ?? Device,
            Implementation = settings.Implementation ?? Implementation,
            BatchSize = settings.BatchSize ?? BatchSize,
            LearningRate = settings.LearningRate ?? LearningRate,
            NoEarlyStopping = settings.NoEarlyStopping || NoEarlyStopping,
        };
        var differences = ResultDifferences(requested);
        if (differences.Count > 0)
            throw new RunUsageException($"--resume: the run was made with other settings ({string.Join("; ", differences)}). " +
                                        "Resume with the settings it was made with, or start a new run in another --out folder.");
        return (requested with { Epochs = settings.Epochs ?? Epochs, DataDirectory = settings.DataDirectory ?? DataDirectory }).Checked();
    }

    /// <summary>
    /// The settings that change the result and differ between this configuration and <paramref name="other"/>, as
    /// <c>path: recorded -&gt; asked</c> (the resolved data, model, training, seed, device and profile; not the epochs).
    /// </summary>
    public IReadOnlyList<string> ResultDifferences(RunConfig other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var differences = new List<string>();
        if (Experiment.Name != other.Experiment.Name) differences.Add($"experiment: {Experiment.Name} -> {other.Experiment.Name}");
        Compare("seed", Seed, other.Seed);
        Compare("device", Device, other.Device);
        Compare("profile", Profile.ToString().ToLowerInvariant(), other.Profile.ToString().ToLowerInvariant());
        Diff("data", Json(Data), Json(other.Data), differences);
        Diff("model", Json(Model), Json(other.Model), differences);
        Diff("training", Json(Training), Json(other.Training), differences);
        return differences;

        void Compare<T>(string name, T a, T b)
        {
            if (!EqualityComparer<T>.Default.Equals(a, b)) differences.Add($"{name}: {a} -> {b}");
        }
    }

    private static JsonNode? Json<T>(T value) => JsonSerializer.SerializeToNode(value, JsonFormat.Compact);

    private static void Diff(string path, JsonNode? a, JsonNode? b, List<string> differences)
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                Diff($"{path}.{key}", oa[key], ob[key], differences);
            return;
        }
        if (a is JsonArray aa && b is JsonArray ab && aa.Count == ab.Count)
        {
            for (var i = 0; i < aa.Count; i++) Diff($"{path}[{i}]", aa[i], ab[i], differences);
            return;
        }
        var (ta, tb) = (a?.ToJsonString() ?? "null", b?.ToJsonString() ?? "null");
        if (ta != tb) differences.Add($"{path}: {ta} -> {tb}");
    }

    // The resolved parts must be valid too (an override may break them, e.g. a fused network of a reference-only cell).
    private RunConfig Checked()
    {
        if (Epochs <= 0) throw new ArgumentException($"epochs: must be at least 1, got {Epochs}.");
        Model.Validate();
        Training.Validate();
        Data.Validate();
        return this;
    }

    /// <summary>The command that makes this run again, generated from the settings (the one place it is written).</summary>
    public string Command()
    {
        var parts = new List<string> { "rnnzoo", "run", ExperimentFile is null ? Experiment.Name : $"--config {Quote(ExperimentFile)}" };
        parts.Add($"--profile {Profile.ToString().ToLowerInvariant()}");
        parts.Add($"--epochs {Epochs}");
        parts.Add($"--seed {Seed}");
        parts.Add($"--device {Device}");
        if (Implementation is { } implementation) parts.Add($"--implementation {implementation.ToString().ToLowerInvariant()}");
        if (BatchSize is { } batch) parts.Add($"--batch-size {batch}");
        if (LearningRate is { } rate) parts.Add($"--learning-rate {rate.ToString("R", CultureInfo.InvariantCulture)}");
        if (NoEarlyStopping) parts.Add("--no-early-stopping");
        if (DataDirectory is { } data) parts.Add($"--data-dir {Quote(data)}");
        return string.Join(' ', parts);
    }

    private static string Quote(string path) => path.Any(char.IsWhiteSpace) ? $"\"{path}\"" : path;
}
