using System.Text.Json;
using System.Text.Json.Nodes;
using RnnZoo.Data;

namespace RnnZoo.Training.Experiments;

/// <summary>A finished run as the results read it: its summary, its folder, and its configuration (null when config.json is missing or unreadable).</summary>
public sealed record FinishedRun(RunSummary Summary, string Folder, RunConfig? Config);

/// <summary>
/// The runs of one experiment, profile and setting (everything but the seed the same), and the spread over them of each
/// test metric and of the wall time.
/// </summary>
/// <param name="Experiment">The experiment's name.</param>
/// <param name="Profile">The profile.</param>
/// <param name="Setting">What sets it apart from the other settings of the experiment and profile, as <c>path=value, ...</c>; empty when it is the only one.</param>
/// <param name="Values">The same by field path (the resolved configuration's JSON paths, e.g. <c>training.optimizer.learning_rate</c>).</param>
/// <param name="Seeds">The seeds of its runs, in order.</param>
/// <param name="MainMetric">The metric that sums it up: <c>accuracy</c> where there is one, else <see cref="ResultAggregation.TestLoss"/>.</param>
/// <param name="MainMetricLabel">That metric in words (<c>test accuracy</c>, <c>test MSE</c>).</param>
/// <param name="Metrics">Each metric's spread over the seeds (<see cref="ResultAggregation.TestLoss"/>, the test metrics, <see cref="ResultAggregation.WallSeconds"/>).</param>
/// <param name="Folders">The run folders, in seed order.</param>
public sealed record SettingResult(string Experiment, ProfileKind Profile, string Setting, IReadOnlyDictionary<string, string> Values, IReadOnlyList<int> Seeds,
    string MainMetric, string MainMetricLabel, IReadOnlyDictionary<string, Spread> Metrics, IReadOnlyList<string> Folders);

/// <summary>
/// Groups finished runs by experiment, profile and setting and computes the spread of every metric over the seeds
/// (<see cref="Spread"/>). A setting is everything of a run's resolved configuration but its seed (epochs, data, model,
/// training, device), read from each run's config.json: runs of a sweep group by their grid values without the sweep's
/// manifest, and so do runs made by hand with other settings. What differs between the settings of one experiment is
/// named by its JSON path.
/// </summary>
public static class ResultAggregation
{
    /// <summary>The name of the test loss among the metrics.</summary>
    public const string TestLoss = "test_loss";
    /// <summary>The name of the wall time among the metrics.</summary>
    public const string WallSeconds = "wall_seconds";

    /// <summary>Every finished run under <paramref name="root"/> (each folder with a summary.json), in path order.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder there.</exception>
    /// <exception cref="InvalidDataException">A summary.json that cannot be read (one line naming it).</exception>
    public static IReadOnlyList<FinishedRun> Read(string root)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"No run folders at '{Path.GetFullPath(root)}'.");
        var runs = new List<FinishedRun>();
        foreach (var file in Directory.EnumerateFiles(root, RunFolder.SummaryFile, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            RunSummary summary;
            try { summary = JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(file), JsonFormat.Indented) ?? throw new JsonException("null"); }
            catch (JsonException e) { throw new InvalidDataException($"{file}: not a run summary ({e.Message.Split(" Path:")[0]}).", e); }
            var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
            RunConfig? config;
            try { config = File.Exists(Path.Combine(folder, RunConfig.FileName)) ? RunFolder.ReadConfig(folder) : null; }
            catch (InvalidDataException) { config = null; }
            runs.Add(new FinishedRun(summary, folder, config));
        }
        return runs;
    }

    /// <summary>
    /// The settings of <paramref name="runs"/> with their spreads, in the order the runs come (experiment and profile
    /// first as <paramref name="order"/> ranks the experiments), and notes on what was left out (a seed run twice in one
    /// setting counts once: the first in path order).
    /// </summary>
    /// <param name="runs">Finished runs.</param>
    /// <param name="order">Ranks an experiment's name (e.g. its place in the registry); null keeps the runs' order.</param>
    public static (IReadOnlyList<SettingResult> Settings, IReadOnlyList<string> Notes) Aggregate(IReadOnlyList<FinishedRun> runs, Func<string, int>? order = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var notes = new List<string>();
        // The setting of a run: its resolved configuration without the seed, flattened to path -> JSON text.
        var flat = runs.ToDictionary(r => r, r => r.Config is { } c ? Flatten(c) : new SortedDictionary<string, string>(StringComparer.Ordinal));
        var groups = runs
            .Where(r => r.Summary.StopReason != nameof(StopReason.Interrupted))
            .GroupBy(r => (r.Summary.Experiment, r.Summary.Profile, Key: string.Join("\n", flat[r].Select(p => $"{p.Key}={p.Value}"))))
            .ToList();
        var results = new List<SettingResult>();
        foreach (var family in groups.GroupBy(g => (g.Key.Experiment, g.Key.Profile)))
        {
            var members = family.ToList();
            // The paths whose values differ between this experiment's settings: what names each setting.
            var paths = members.SelectMany(g => flat[g.First()].Keys).Distinct().Order(StringComparer.Ordinal)
                .Where(p => members.Select(g => flat[g.First()].GetValueOrDefault(p, "null")).Distinct().Count() > 1).ToList();
            foreach (var group in members)
            {
                var chosen = new List<FinishedRun>();
                foreach (var run in group.OrderBy(r => r.Summary.Seed))
                {
                    if (chosen.Any(c => c.Summary.Seed == run.Summary.Seed))
                    {
                        notes.Add($"{run.Folder}: seed {run.Summary.Seed} of this setting of {run.Summary.Experiment} is also in {chosen.First(c => c.Summary.Seed == run.Summary.Seed).Folder}; counted once.");
                        continue;
                    }
                    chosen.Add(run);
                }
                var values = paths.ToDictionary(p => p, p => Unquoted(flat[group.First()].GetValueOrDefault(p, "null")));
                results.Add(Result(group.Key.Experiment, group.Key.Profile, values, chosen));
            }
        }
        var ranked = results.Select((r, i) => (r, i)).OrderBy(p => order?.Invoke(p.r.Experiment) ?? 0).ThenBy(p => p.r.Profile).ThenBy(p => p.i).Select(p => p.r).ToList();
        return (ranked, notes);
    }

    /// <summary>The main metric's name in words for <paramref name="loss"/>: <c>test MSE</c>, <c>test cross-entropy</c>, ... (<c>test loss</c> when unknown).</summary>
    public static string LossLabel(LossKind? loss) => loss switch
    {
        LossKind.Mse => "test MSE",
        LossKind.Mae => "test MAE",
        LossKind.Huber => "test Huber loss",
        LossKind.CrossEntropy => "test cross-entropy",
        LossKind.BinaryCrossEntropyWithLogits => "test binary cross-entropy",
        _ => "test loss",
    };

    private static SettingResult Result(string experiment, ProfileKind profile, Dictionary<string, string> values, List<FinishedRun> runs)
    {
        var metrics = new Dictionary<string, Spread> { [TestLoss] = Spread.Of(runs.Select(r => r.Summary.TestLoss).ToArray()) };
        foreach (var name in runs.SelectMany(r => r.Summary.TestMetrics.Keys).Distinct())
            metrics[name] = Spread.Of(runs.Where(r => r.Summary.TestMetrics.ContainsKey(name)).Select(r => r.Summary.TestMetrics[name]).ToArray());
        metrics[WallSeconds] = Spread.Of(runs.Select(r => r.Summary.WallSeconds).ToArray());
        var main = metrics.ContainsKey("accuracy") ? "accuracy" : TestLoss;
        var label = main == "accuracy" ? "test accuracy" : LossLabel(runs.Select(r => r.Config?.Training.Loss).FirstOrDefault(l => l is not null));
        return new SettingResult(experiment, profile, string.Join(", ", values.Select(v => $"{v.Key}={v.Value}")), values,
            runs.Select(r => r.Summary.Seed).ToArray(), main, label, metrics, runs.Select(r => r.Folder).ToArray());
    }

    private static SortedDictionary<string, string> Flatten(RunConfig config)
    {
        var node = JsonSerializer.SerializeToNode(new { config.Epochs, config.Device, config.Data, config.Model, config.Training }, JsonFormat.Compact);
        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? n, string path)
        {
            switch (n)
            {
                case JsonObject o: foreach (var (key, value) in o) Walk(value, path.Length == 0 ? key : $"{path}.{key}"); break;
                case JsonArray a: for (var i = 0; i < a.Count; i++) Walk(a[i], $"{path}[{i}]"); break;
                default: flat[path] = n?.ToJsonString() ?? "null"; break;
            }
        }
        Walk(node, "");
        return flat;
    }

    private static string Unquoted(string json) =>
        json.Length >= 2 && json[0] == '"' && json[^1] == '"' ? JsonNode.Parse(json)!.GetValue<string>() : json;
}
