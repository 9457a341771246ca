using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using RnnZoo.Data;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// A sweep folder's <c>sweep.json</c>: what was swept (the experiment, its profile, the seeds, the grid) and every run,
/// each with its index, run folder, seed, grid values and experiment file with that file's SHA-256. Paths are relative
/// to the sweep folder, so that the folder can be moved or copied to a cluster's shared file system.
/// </summary>
/// <param name="Format">The layout's version (<see cref="CurrentFormat"/>).</param>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Source">Where it came from: a registry name or the experiment file given to <c>sweep create</c>.</param>
/// <param name="Profile">The profile every run runs.</param>
/// <param name="Epochs">Epochs of every run, or null for the profile's.</param>
/// <param name="NoEarlyStopping">Early stopping turned off in every run.</param>
/// <param name="Device">The device of every run.</param>
/// <param name="Seeds">The seeds, in order.</param>
/// <param name="Grid">The grid's axes, in order (the last varies fastest).</param>
/// <param name="Runs">Every run, by index 0..N-1: settings in grid order, the seeds within each setting.</param>
public sealed record SweepManifest(int Format, string Experiment, string Source, ProfileKind Profile, int? Epochs, bool NoEarlyStopping, string Device,
    IReadOnlyList<int> Seeds, IReadOnlyList<GridAxis> Grid, IReadOnlyList<SweepRun> Runs)
{
    /// <summary>The layout this version writes and reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The manifest's file name in a sweep folder.</summary>
    public const string FileName = "sweep.json";

    /// <summary>The run's settings as <see cref="ExperimentRunner"/> takes them (the folder and experiment file absolute, under <paramref name="sweepFolder"/>).</summary>
    public RunSettings SettingsOf(SweepRun run, string sweepFolder, string? dataDirectory, ProgressMode progress, bool tensorBoard, bool resume, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new RunSettings(Profile, Epochs, run.Seed, dataDirectory, run.FolderIn(sweepFolder), Device, Resume: resume, Overwrite: overwrite,
            Progress: progress, NoEarlyStopping: NoEarlyStopping, TensorBoard: tensorBoard, ExperimentFile: run.ExperimentFileIn(sweepFolder));
    }

    /// <summary>Reads <c>sweep.json</c> of <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">Not a sweep folder.</exception>
    /// <exception cref="InvalidDataException">The manifest is damaged or of another version (one line).</exception>
    public static SweepManifest Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{folder}' is not a sweep folder: no {FileName}. Make one with 'rnnzoo sweep create'.", path);
        SweepManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(path), JsonFormat.Indented); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a sweep manifest ({e.Message.Split(" Path:")[0]}).", e); }
        if (manifest is null || manifest.Runs is null || manifest.Seeds is null)
            throw new InvalidDataException($"{path}: not a sweep manifest (no runs).");
        if (manifest.Format != CurrentFormat) throw new InvalidDataException($"{path}: format {manifest.Format}, this RnnZoo reads format {CurrentFormat}.");
        for (var i = 0; i < manifest.Runs.Count; i++)
            if (manifest.Runs[i] is not { } run || run.Index != i || string.IsNullOrEmpty(run.Folder) || string.IsNullOrEmpty(run.ExperimentFile))
                throw new InvalidDataException($"{path}: run {i} is damaged (runs must be numbered 0..N-1 in order, each with a folder and an experiment file).");
        return manifest;
    }

    /// <summary>Writes the manifest into <paramref name="folder"/> (atomically).</summary>
    public void Save(string folder) => ExperimentFile.Write(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, JsonFormat.Indented));

    /// <summary>The SHA-256 of a file, as lower-case hex (what <see cref="SweepRun.ExperimentSha256"/> records).</summary>
    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}

/// <summary>One run of a sweep.</summary>
/// <param name="Index">Its index: what <c>--index</c>, <c>SLURM_ARRAY_TASK_ID</c> and <c>JOB_COMPLETION_INDEX</c> name.</param>
/// <param name="Folder">Its run folder, relative to the sweep folder.</param>
/// <param name="Seed">Its seed.</param>
/// <param name="Setting">Its setting's number (the runs of one setting differ only in the seed).</param>
/// <param name="Values">Its grid values, by key.</param>
/// <param name="ExperimentFile">Its experiment file, relative to the sweep folder.</param>
/// <param name="ExperimentSha256">That file's SHA-256 when the sweep was made: a changed file is refused.</param>
public sealed record SweepRun(int Index, string Folder, int Seed, int Setting, IReadOnlyDictionary<string, JsonNode?> Values, string ExperimentFile, string ExperimentSha256)
{
    /// <summary>The run folder under <paramref name="sweepFolder"/>.</summary>
    public string FolderIn(string sweepFolder) => Path.GetFullPath(Path.Combine(sweepFolder, Folder));

    /// <summary>The experiment file under <paramref name="sweepFolder"/>.</summary>
    public string ExperimentFileIn(string sweepFolder) => Path.GetFullPath(Path.Combine(sweepFolder, ExperimentFile));

    /// <summary>The grid values as <c>key=value, ...</c> (empty without a grid).</summary>
    public string Label => string.Join(", ", (Values ?? new Dictionary<string, JsonNode?>()).Select(v => $"{v.Key}={GridAxis.Text(v.Value)}"));
}
