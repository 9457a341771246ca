using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// Seed and hyper-parameter sweeps as many independent runs: a sweep folder holds <c>sweep.json</c>
/// (<see cref="SweepManifest"/>), one experiment file per grid setting under <c>experiments/</c> and one run folder per
/// setting and seed under <c>runs/</c>. Any process may run any share of it (<see cref="SweepExecution"/>): a Slurm or
/// Kubernetes job array, shards on several machines, a loop on one; a finished run is skipped, a killed one resumes
/// from its checkpoint, and a claim lock per run (<c>claims/INDEX/run.lock</c>, <see cref="RunLock"/>) keeps two
/// processes off one run.
/// </summary>
public static partial class Sweep
{
    /// <summary>Where the experiment files are, in a sweep folder.</summary>
    public const string ExperimentsFolder = "experiments";
    /// <summary>Where the run folders are, in a sweep folder.</summary>
    public const string RunsFolder = "runs";
    /// <summary>Where the claim locks are, in a sweep folder.</summary>
    public const string ClaimsFolder = "claims";
    /// <summary>The marker <c>sweep run</c> writes into a run folder when its run ended with an error: the message, when and where.</summary>
    public const string FailedFile = "failed.json";

    /// <summary>
    /// Writes a sweep of <paramref name="experiment"/> into <paramref name="folder"/>: every combination of the
    /// <paramref name="grid"/>'s values (the last axis varying fastest), each run with every seed of
    /// <paramref name="seeds"/>. Every setting is checked before anything is written: a grid key the experiment does not
    /// have, a value of the wrong type or out of range, or a key that does not change the runs of the profile (e.g.
    /// <c>data.*</c> where the profile has data of its own) is one line naming it.
    /// </summary>
    /// <param name="experiment">The experiment swept.</param>
    /// <param name="source">Its registry name or experiment file (recorded).</param>
    /// <param name="seeds">The seeds (at least one, distinct).</param>
    /// <param name="grid">The axes (distinct keys); none for a seed sweep.</param>
    /// <param name="folder">The sweep folder (created; it must not hold a sweep).</param>
    /// <param name="profile">The profile of every run.</param>
    /// <param name="epochs">Epochs of every run, or null for the profile's.</param>
    /// <param name="noEarlyStopping">Turn early stopping off in every run.</param>
    /// <param name="device">The device of every run.</param>
    /// <exception cref="RunUsageException">Bad seeds, grid or folder (one line).</exception>
    public static SweepManifest Create(Experiment experiment, string source, IReadOnlyList<int> seeds, IReadOnlyList<GridAxis> grid, string folder,
        ProfileKind profile = ProfileKind.Quick, int? epochs = null, bool noEarlyStopping = false, string device = "cpu")
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(grid);
        folder = Path.GetFullPath(folder);
        if (seeds.Count == 0) throw new RunUsageException("--seeds: at least one seed is needed (e.g. 0-4).");
        if (seeds.Distinct().Count() != seeds.Count) throw new RunUsageException("--seeds: a seed is given twice.");
        if (grid.GroupBy(a => a.Key).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new RunUsageException($"--grid {twice.Key}: given twice; give all its values in one --grid {twice.Key}=V1,V2,...");
        if (File.Exists(folder)) throw new RunUsageException($"--out: '{folder}' is a file, not a folder.");
        if (File.Exists(Path.Combine(folder, SweepManifest.FileName)))
            throw new RunUsageException($"--out: '{folder}' holds a sweep already ({SweepManifest.FileName}); run it with 'rnnzoo sweep run {folder}', or choose another --out.");

        // Every setting: the grid values set in the experiment's JSON, read back strictly, resolved with the profile.
        var settings = new List<(Dictionary<string, JsonNode?> Values, Experiment Experiment, string Resolved)>();
        foreach (var combination in Combinations(grid))
        {
            var values = grid.Select((axis, i) => (axis, value: combination[i])).ToDictionary(p => p.axis.Key, p => p.value);
            var label = string.Join(", ", values.Select(v => $"{v.Key}={GridAxis.Text(v.Value)}"));
            var node = JsonNode.Parse(ExperimentFile.ToJson(experiment))!;
            try
            {
                foreach (var axis in grid) axis.Apply(node, values[axis.Key]);
            }
            catch (ArgumentException e) { throw new RunUsageException(e.Message); }
            Experiment swept;
            RunConfig resolved;
            try
            {
                swept = ExperimentFile.ReadExperiment(node, label.Length == 0 ? $"the experiment {experiment.Name}" : $"--grid {label}");
                resolved = RunConfig.Create(swept, new RunSettings(profile, epochs, seeds[0], NoEarlyStopping: noEarlyStopping, Device: device));
            }
            // The line numbers are those of the tree's own text, which nobody sees.
            catch (InvalidDataException e) { throw new RunUsageException(LineNumber().Replace(e.Message, "")); }
            catch (ArgumentException e) { throw new RunUsageException(label.Length == 0 ? e.Message : $"--grid {label}: {e.Message}"); }
            settings.Add((values, swept, Resolved(resolved)));
        }
        CheckEveryAxisMatters(grid, settings.Select(s => (s.Values, s.Resolved)).ToList(), profile, experiment);

        Directory.CreateDirectory(Path.Combine(folder, ExperimentsFolder));
        var digits = Math.Max(3, (settings.Count * seeds.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var runs = new List<SweepRun>();
        for (var s = 0; s < settings.Count; s++)
        {
            var file = Path.Combine(ExperimentsFolder, $"setting-{s.ToString(new string('0', digits))}.json");
            ExperimentFile.Write(Path.Combine(folder, file), ExperimentFile.ToJson(settings[s].Experiment));
            var hash = SweepManifest.Sha256(Path.Combine(folder, file));
            foreach (var seed in seeds)
            {
                var index = runs.Count;
                var name = string.Join('-', new[] { index.ToString(new string('0', digits)) }
                    .Concat(settings[s].Values.Select(v => Slug(v.Key.Split('.')[^1] + GridAxis.Text(v.Value))))
                    .Append($"seed{seed}"));
                runs.Add(new SweepRun(index, Path.Combine(RunsFolder, name), seed, s, settings[s].Values, file, hash));
                Directory.CreateDirectory(Path.Combine(folder, RunsFolder, name));
            }
        }
        var manifest = new SweepManifest(SweepManifest.CurrentFormat, experiment.Name, source, profile, epochs, noEarlyStopping, device, seeds.ToArray(), grid.ToArray(), runs);
        manifest.Save(folder); // last: a folder with sweep.json is a whole sweep
        return manifest;
    }

    /// <summary>The run folders' claim lock folder of run <paramref name="index"/>.</summary>
    public static string ClaimFolder(string sweepFolder, int index) =>
        Path.Combine(Path.GetFullPath(sweepFolder), ClaimsFolder, index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The runs a process runs: <paramref name="index"/> alone; or every run whose index modulo n is i for
    /// <paramref name="shard"/> <c>i/n</c> (round robin, so that every shard gets some of every setting); else the index
    /// of a job array from <c>SLURM_ARRAY_TASK_ID</c> or Kubernetes' <c>JOB_COMPLETION_INDEX</c>; else all of them in order.
    /// </summary>
    /// <param name="count">Runs in the sweep.</param>
    /// <param name="index">--index, or null.</param>
    /// <param name="shard">--shard i/n, or null.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <returns>The indices, and where they came from in words.</returns>
    /// <exception cref="RunUsageException">A bad option or variable, or an index beyond the sweep (one line).</exception>
    public static (IReadOnlyList<int> Indices, string Reason) Select(int count, int? index, string? shard, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (index is not null && shard is not null) throw new RunUsageException("--index and --shard: choose one.");
        if (index is { } chosen) return ([InRange(chosen, "--index")], $"--index {chosen}");
        if (shard is not null)
        {
            var match = ShardPattern().Match(shard.Trim());
            if (!match.Success) throw new RunUsageException($"--shard: '{shard}' is not i/n (e.g. 0/4: the runs whose index modulo 4 is 0).");
            var (i, n) = (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
            if (n < 1 || i >= n) throw new RunUsageException($"--shard: '{shard}' needs 0 <= i < n (shards are numbered from 0).");
            return (Enumerable.Range(0, count).Where(r => r % n == i).ToArray(), $"shard {i}/{n}");
        }
        foreach (var variable in new[] { "SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX" })
        {
            if (environment(variable) is not { Length: > 0 } text) continue;
            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var task))
                throw new RunUsageException($"{variable}: '{text}' is not a run index.");
            return ([InRange(task, variable)], $"{variable}={task}");
        }
        return (Enumerable.Range(0, count).ToArray(), "all runs");

        int InRange(int value, string what) => value >= 0 && value < count ? value
            : throw new RunUsageException($"{what}: run {value} is not in the sweep, which has {count} runs (0-{count - 1}).");
    }

    // The resolved runs (profile applied) as JSON, without the seed: what a grid key must change.
    private static string Resolved(RunConfig config) =>
        JsonSerializer.Serialize(new { config.Epochs, config.Data, config.Model, config.Training }, RnnZoo.Data.JsonFormat.Compact);

    private static void CheckEveryAxisMatters(IReadOnlyList<GridAxis> grid, IReadOnlyList<(Dictionary<string, JsonNode?> Values, string Resolved)> settings,
        ProfileKind profile, Experiment experiment)
    {
        for (var a = 0; a < settings.Count; a++)
        for (var b = a + 1; b < settings.Count; b++)
        {
            if (settings[a].Resolved != settings[b].Resolved) continue;
            var key = grid.First(axis => GridAxis.Text(settings[a].Values[axis.Key]) != GridAxis.Text(settings[b].Values[axis.Key])).Key;
            var profileName = profile.ToString().ToLowerInvariant();
            var hint = key.StartsWith("data.", StringComparison.Ordinal) && experiment.Profiles[profile].Data is not null
                ? $" (the {profileName} profile has data of its own: grid profiles.{profileName}.{key} instead)"
                : key.StartsWith("profiles.", StringComparison.Ordinal) && !key.StartsWith($"profiles.{profileName}", StringComparison.Ordinal)
                    ? $" (the sweep runs the {profileName} profile)"
                    : key.EndsWith(".epochs", StringComparison.Ordinal) ? " (--epochs sets the epochs of every run)" : "";
            throw new RunUsageException($"--grid {key}: changes nothing in the runs of the {profileName} profile{hint}.");
        }
    }

    private static IEnumerable<JsonNode?[]> Combinations(IReadOnlyList<GridAxis> grid)
    {
        IEnumerable<JsonNode?[]> combinations = [[]];
        foreach (var axis in grid)
            combinations = combinations.SelectMany(c => axis.Values.Select(v => c.Append(v).ToArray())).ToList();
        return combinations;
    }

    private static string Slug(string text)
    {
        var slug = new string(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_').ToArray());
        return slug.Length > 40 ? slug[..40] : slug;
    }

    [GeneratedRegex(@" \(line \d+\)")]
    private static partial Regex LineNumber();

    [GeneratedRegex(@"^(\d+)/(\d+)$")]
    private static partial Regex ShardPattern();
}
