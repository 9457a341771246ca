using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;
using RnnZoo.Data;

namespace RnnZoo.Experiments.Commands;

/// <summary><c>rnnzoo results DIR</c>: results.md from the run folders under DIR (what scripts/reproduce.sh calls).</summary>
public static class ResultsCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("runs") { Description = "A folder of run folders (each with summary.json), e.g. a sweep folder." };
        var output = new Option<FileInfo>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => new FileInfo("results.md") };
        var json = new Option<FileInfo?>("--json") { Description = "The JSON file of the spreads over seeds (default: beside --out, results.json)." };
        var command = new Command("results", "Write results.md: every finished run (experiment, metric, value, reference, wall time) and, per experiment and " +
                                             "setting, mean ± standard deviation and the 95% interval over seeds of each test metric and the wall time " +
                                             "(also as JSON, and charts of the spread).") { folder, output, json };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(folder)!;
            var markdownFile = parse.GetValue(output)!;
            var jsonFile = parse.GetValue(json) ?? new FileInfo(Path.ChangeExtension(markdownFile.FullName, ".json"));
            var runs = ResultAggregation.Read(root.FullName);
            var (settings, notes) = ResultAggregation.Aggregate(runs, Rank);
            runs = runs.OrderBy(r => Rank(r.Summary.Experiment)).ToList(); // stable: path order (a sweep's index order) within an experiment
            var outputFolder = markdownFile.Directory!.FullName;
            Directory.CreateDirectory(outputFolder);
            var markdown = Render(runs, root.FullName, settings);
            markdown += RenderSpread(settings, notes, outputFolder);
            markdown += GradientCharts(runs.Select(r => r.Summary).ToList(), outputFolder);
            File.WriteAllText(markdownFile.FullName, markdown);
            ExperimentFile.Write(jsonFile.FullName, JsonSerializer.Serialize(new { source = root.FullName, interval = Spread.Method, settings, notes }, JsonFormat.Indented));
            var spread = settings.Count(s => s.Seeds.Count > 1);
            Console.WriteLine($"{runs.Count} runs, {settings.Count} settings ({spread} over two seeds or more) -> {markdownFile.FullName}, {jsonFile.FullName}");
            return 0;
        });
        return command;
    }

    // The registry's order; experiments of files first (they are what a sweep of one's own is about).
    private static int Rank(string experiment) => Zoo.All.ToList().FindIndex(e => e.Name == experiment);

    /// <summary>
    /// One chart per adding-problem length with ||dL/dh_t|| of RNN, LSTM and GRU (from each run's plots/gradient_norms.csv),
    /// written beside results.md; returns the markdown that shows them.
    /// </summary>
    public static string GradientCharts(IReadOnlyList<RunSummary> summaries, string folder)
    {
        var sb = new StringBuilder();
        foreach (var group in summaries.Where(s => s.Experiment.StartsWith("adding-", StringComparison.Ordinal))
                     .GroupBy(s => s.Experiment.Split('-')[2]))
        {
            var series = new Dictionary<string, double[]>();
            foreach (var s in group.OrderBy(s => s.Seed))
            {
                var key = s.Experiment.Split('-')[1];
                if (series.ContainsKey(key)) continue; // one seed per model: the lowest
                var csv = Path.Combine(s.OutputDirectory, "plots", ExperimentRunner.GradientNormsFile);
                if (!File.Exists(csv)) continue;
                series[key] = File.ReadLines(csv).Skip(1)
                    .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
            }
            if (series.Count == 0) continue;
            var name = $"adding-{group.Key}-gradients.png";
            Training.Plots.TrainingPlots.GradientNorms(Path.Combine(folder, name), series, $"adding problem, length {group.Key}: ||dL/dh_t|| after training");
            sb.AppendLine().AppendLine($"![dL/dh_t at length {group.Key}]({name})");
        }
        return sb.ToString();
    }

    /// <summary>The markdown of every run of <paramref name="runs"/> (its setting beside its experiment when <paramref name="settings"/> names one).</summary>
    public static string Render(IReadOnlyList<FinishedRun> runs, string source, IReadOnlyList<SettingResult>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var settingOf = (settings ?? []).SelectMany(s => s.Folders.Select(f => (f, s.Setting))).ToDictionary(p => p.f, p => p.Setting);
        var summaries = runs.Select(r => r.Summary).ToList();
        var sb = new StringBuilder("# RnnZoo results\n\n");
        sb.AppendLine($"From the runs in `{source}`; every value is on the experiment's test set, read once at the end.").AppendLine();
        sb.AppendLine("Epochs: those run, and in brackets the one with the lowest validation loss (its weights are the ones tested where the");
        sb.AppendLine("experiment uses early stopping). Wall time: the whole run, data and evaluation included; test: the test evaluation alone.").AppendLine();
        sb.AppendLine("| experiment | profile | seed | epochs (best) | metric | value | reference | wall time | test |");
        sb.AppendLine("| --- | --- | ---: | ---: | --- | ---: | --- | ---: | ---: |");
        foreach (var run in runs)
        {
            var s = run.Summary;
            var (metric, value) = s.TestMetrics.TryGetValue("accuracy", out var accuracy) ? ("test accuracy", accuracy) : ("test MSE", s.TestLoss);
            var test = s.TestSeconds is { } t ? $"{t:F1} s ({s.TestSamples} samples)" : "";
            var name = settingOf.TryGetValue(run.Folder, out var setting) && setting.Length > 0 ? $"{s.Experiment} ({setting})" : s.Experiment;
            sb.AppendLine($"| {name} | {s.Profile} | {s.Seed} | {s.Epochs} ({s.BestEpoch}) | {metric} | {F(value)} | {s.Reference} | {s.WallSeconds:F0} s | {test} |");
        }
        foreach (var s in summaries.Where(s => s.Forecast is not null))
        {
            var seed = summaries.Count(o => o.Experiment == s.Experiment && o.Profile == s.Profile) > 1 ? $", seed {s.Seed}" : "";
            sb.AppendLine().AppendLine($"## {s.Experiment}: rolling-origin forecasts over the test part ({s.Profile}{seed})").AppendLine();
            sb.AppendLine("| horizon | method | MAE | RMSE | MASE |");
            sb.AppendLine("| --- | --- | ---: | ---: | ---: |");
            foreach (var (horizon, methods) in s.Forecast!)
                foreach (var (method, a) in methods.OrderBy(m => m.Value.Mae))
                    sb.AppendLine($"| {horizon} | {(method == "model" ? "**model**" : method)} | {F(a.Mae)} | {F(a.Rmse)} | {F(a.Mase)} |");
        }
        var adding = summaries.Where(s => s.Experiment.StartsWith("adding-", StringComparison.Ordinal)).ToList();
        if (adding.Count > 0)
        {
            sb.AppendLine().AppendLine("## The adding problem: test MSE (predicting the mean scores 0.167) and ||dL/dh_0|| / ||dL/dh_T|| after training").AppendLine();
            sb.AppendLine("| model | length | test MSE | gradient ratio first/last step |");
            sb.AppendLine("| --- | ---: | ---: | ---: |");
            foreach (var s in adding)
            {
                var parts = s.Experiment.Split('-');
                var ratio = s.GradientNormFirstLast is { Length: 2 } g && g[1] > 0 ? (g[0] / g[1]).ToString("E2", CultureInfo.InvariantCulture) : "";
                sb.AppendLine($"| {parts[1]} | {parts[2]} | {F(s.TestLoss)} | {ratio} |");
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// The spread over seeds, a table per experiment and profile: for every setting, mean ± standard deviation and the
    /// 95% interval of the mean of each test metric and of the wall time; and a chart per profile and main metric
    /// (written into <paramref name="folder"/>). Empty when no setting has two seeds or more.
    /// </summary>
    public static string RenderSpread(IReadOnlyList<SettingResult> settings, IReadOnlyList<string> notes, string folder)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(notes);
        if (!settings.Any(s => s.Seeds.Count > 1)) return "";
        var sb = new StringBuilder();
        sb.AppendLine().AppendLine("## Over seeds: mean ± standard deviation, and the 95% interval of the mean").AppendLine();
        sb.AppendLine("Each row holds the runs of one experiment and setting, which differ only in their seed (n: how many). ± is the sample");
        sb.AppendLine("standard deviation over them; [low, high] is the 95% confidence interval of the mean, mean ± t(0.975, n−1)·s/√n with");
        sb.AppendLine("Student's t for n−1 degrees of freedom (t = 12.71 for 2 seeds, 3.182 for 4, 2.776 for 5): with so few seeds the");
        sb.AppendLine("normal 1.96 would be too narrow. A setting is named by what sets it apart from the experiment's other settings.");
        foreach (var family in settings.GroupBy(s => (s.Experiment, s.Profile)))
        {
            var members = family.ToList();
            var metrics = members.SelectMany(s => s.Metrics.Keys).Distinct()
                .OrderBy(m => m == ResultAggregation.TestLoss ? 0 : m == ResultAggregation.WallSeconds ? 2 : 1).ToList();
            sb.AppendLine().AppendLine($"### {family.Key.Experiment} ({family.Key.Profile.ToString().ToLowerInvariant()})").AppendLine();
            sb.AppendLine("| setting | n (seeds) | " + string.Join(" | ", metrics.Select(m => Heading(m, members[0]))) + " |");
            sb.AppendLine("| --- | --- | " + string.Join(" | ", metrics.Select(_ => "---:")) + " |");
            foreach (var s in members)
                sb.AppendLine($"| {(s.Setting.Length == 0 ? "as defined" : s.Setting)} | {s.Seeds.Count} ({IndexRanges.Format(s.Seeds)}) | " +
                              string.Join(" | ", metrics.Select(m => s.Metrics.TryGetValue(m, out var spread) ? Cell(spread, m == ResultAggregation.WallSeconds) : "")) + " |");
        }
        foreach (var chart in settings.GroupBy(s => (s.Profile, s.MainMetricLabel)).Where(g => g.Any(s => s.Seeds.Count > 1)))
        {
            var members = chart.ToList();
            var oneExperiment = members.Select(s => s.Experiment).Distinct().Count() == 1;
            var points = members.Select(s => (Label: oneExperiment ? (s.Setting.Length == 0 ? s.Experiment : Short(s)) : s.Setting.Length == 0 ? s.Experiment : $"{s.Experiment}\n{Short(s)}",
                s.Metrics[s.MainMetric])).ToList();
            var profile = chart.Key.Profile.ToString().ToLowerInvariant();
            var name = $"spread-{profile}-{string.Concat(chart.Key.MainMetricLabel.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'))}.png";
            var title = $"{(oneExperiment ? members[0].Experiment + ": " : "")}{chart.Key.MainMetricLabel} over seeds ({profile})";
            Training.Plots.SpreadPlots.Write(Path.Combine(folder, name), points, title, chart.Key.MainMetricLabel);
            sb.AppendLine().AppendLine($"![{chart.Key.MainMetricLabel} over seeds, {profile} profile]({name})");
        }
        if (notes.Count > 0)
        {
            sb.AppendLine();
            foreach (var note in notes) sb.AppendLine($"- note: {note}");
        }
        return sb.ToString();

        // A chart's label: each field by its last name (learning_rate=0.01) where that is still unambiguous.
        static string Short(SettingResult s) =>
            s.Values.Keys.Select(k => k.Split('.')[^1]).Distinct().Count() == s.Values.Count
                ? string.Join(", ", s.Values.Select(v => $"{v.Key.Split('.')[^1]}={v.Value}"))
                : s.Setting;

        static string Heading(string metric, SettingResult first) => metric switch
        {
            ResultAggregation.TestLoss => first.MainMetric == ResultAggregation.TestLoss ? first.MainMetricLabel : "test loss",
            ResultAggregation.WallSeconds => "wall time (s)",
            "accuracy" => "test accuracy",
            _ => metric,
        };
    }

    private static string Cell(Spread spread, bool seconds)
    {
        string V(double v) => seconds ? v.ToString("F1", CultureInfo.InvariantCulture) : F(v);
        if (spread.StandardDeviation is not { } deviation) return V(spread.Mean);
        return $"{V(spread.Mean)} ± {V(deviation)} [{V(spread.Low!.Value)}, {V(spread.High!.Value)}]";
    }

    // Small errors (a solved adding problem) in scientific notation, so that 0.00004 does not read as 0.0000.
    private static string F(double v) => v.ToString(v != 0 && Math.Abs(v) < 0.001 ? "0.0E+0" : Math.Abs(v) < 0.01 ? "0.0000" : "0.000", CultureInfo.InvariantCulture);
}
