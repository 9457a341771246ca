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
        var folder = new Argument<DirectoryInfo>("runs") { Description = "A folder of run folders (each with summary.json)." };
        var output = new Option<FileInfo>("--out") { Description = "The markdown file to write.", DefaultValueFactory = _ => new FileInfo("results.md") };
        var command = new Command("results", "Write results.md: experiment, metric, value, reference, wall time, for every finished run.") { folder, output };
        command.SetAction(parse =>
        {
            var root = parse.GetValue(folder)!;
            if (!root.Exists) throw new DirectoryNotFoundException($"No run folders at '{root.FullName}'.");
            var summaries = root.EnumerateFiles("summary.json", SearchOption.AllDirectories)
                .Select(f => JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(f.FullName), JsonFormat.Indented)!)
                .OrderBy(s => Zoo.All.ToList().FindIndex(e => e.Name == s.Experiment)).ToList();
            var markdown = Render(summaries, root.FullName);
            markdown += GradientCharts(summaries, parse.GetValue(output)!.Directory!.FullName);
            File.WriteAllText(parse.GetValue(output)!.FullName, markdown);
            Console.WriteLine($"{summaries.Count} runs -> {parse.GetValue(output)!.FullName}");
            return 0;
        });
        return command;
    }

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
            foreach (var s in group)
            {
                var csv = Path.Combine(s.OutputDirectory, "plots", ExperimentRunner.GradientNormsFile);
                if (!File.Exists(csv)) continue;
                series[s.Experiment.Split('-')[1]] = File.ReadLines(csv).Skip(1)
                    .Select(l => double.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)).ToArray();
            }
            if (series.Count == 0) continue;
            var name = $"adding-{group.Key}-gradients.png";
            Training.Plots.TrainingPlots.GradientNorms(Path.Combine(folder, name), series, $"adding problem, length {group.Key}: ||dL/dh_t|| after training");
            sb.AppendLine().AppendLine($"![dL/dh_t at length {group.Key}]({name})");
        }
        return sb.ToString();
    }

    /// <summary>The markdown of <paramref name="summaries"/>.</summary>
    public static string Render(IReadOnlyList<RunSummary> summaries, string source)
    {
        // Small errors (a solved adding problem) in scientific notation, so that 0.00004 does not read as 0.0000.
        string F(double v) => v.ToString(v != 0 && Math.Abs(v) < 0.001 ? "0.0E+0" : Math.Abs(v) < 0.01 ? "0.0000" : "0.000", CultureInfo.InvariantCulture);
        var sb = new StringBuilder("# RnnZoo results\n\n");
        sb.AppendLine($"From the runs in `{source}`; every value is on the experiment's test set, read once at the end.").AppendLine();
        sb.AppendLine("Epochs: those run, and in brackets the one with the lowest validation loss (its weights are the ones tested where the");
        sb.AppendLine("experiment uses early stopping). Wall time: the whole run, data and evaluation included; test: the test evaluation alone.").AppendLine();
        sb.AppendLine("| experiment | profile | epochs (best) | metric | value | reference | wall time | test |");
        sb.AppendLine("| --- | --- | ---: | --- | ---: | --- | ---: | ---: |");
        foreach (var s in summaries)
        {
            var (metric, value) = s.TestMetrics.TryGetValue("accuracy", out var accuracy) ? ("test accuracy", accuracy) : ("test MSE", s.TestLoss);
            var test = s.TestSeconds is { } t ? $"{t:F1} s ({s.TestSamples} samples)" : "";
            sb.AppendLine($"| {s.Experiment} | {s.Profile} | {s.Epochs} ({s.BestEpoch}) | {metric} | {F(value)} | {s.Reference} | {s.WallSeconds:F0} s | {test} |");
        }
        foreach (var s in summaries.Where(s => s.Forecast is not null))
        {
            sb.AppendLine().AppendLine($"## {s.Experiment}: rolling-origin forecasts over the test part ({s.Profile})").AppendLine();
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
}
