using RnnZoo.Data;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using RnnZoo.Training.Plots;

namespace RnnZoo.Experiments.Bench;

/// <summary>One line of the PyTorch peer's output (<c>pytorch_peer.py</c>): a training step of one configuration.</summary>
public sealed record PeerResult(string Peer, string Config, double StepSecondsMedian, double SamplesPerSecond);

/// <summary>Turns bench results (and the PyTorch peer's, when present) into <c>bench.md</c> and a bar chart of the ratios.</summary>
public static class BenchReport
{

    /// <summary>Reads bench JSON arrays (files written by <c>bench --json</c>).</summary>
    public static List<BenchResult> ReadBench(IEnumerable<string> files) =>
        files.SelectMany(f => JsonSerializer.Deserialize<List<BenchResult>>(File.ReadAllText(f), JsonFormat.Compact)
                              ?? throw new InvalidDataException($"{f}: not a bench result array")).ToList();

    /// <summary>Reads the peer's JSON lines; lines that are not JSON objects (warnings) are skipped.</summary>
    public static List<PeerResult> ReadPeer(string? file)
    {
        if (file is null || !File.Exists(file)) return new List<PeerResult>();
        var results = new List<PeerResult>();
        foreach (var line in File.ReadLines(file).Where(l => l.TrimStart().StartsWith('{')))
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            results.Add(new PeerResult(root.GetProperty("peer").GetString() ?? "pytorch", root.GetProperty("config").GetString()!,
                root.GetProperty("step_s_median").GetDouble(), root.GetProperty("samples_per_s").GetDouble()));
        }
        return results;
    }

    /// <summary>A ratio row of the report: what is compared, its value, and the target it is held to.</summary>
    public sealed record Ratio(string Config, string Mode, string What, double Value, string Target, bool? Met);

    /// <summary>Every ratio the benchmark issue asks for, computed from medians of the same run.</summary>
    public static List<Ratio> Ratios(IReadOnlyList<BenchResult> bench, IReadOnlyList<PeerResult> peer)
    {
        var ratios = new List<Ratio>();
        BenchResult? Find(string config, string impl, string mode, bool lengths) =>
            bench.LastOrDefault(r => r.Config == config && r.Implementation == impl && r.Mode == mode && r.Lengths == lengths);
        foreach (var group in bench.GroupBy(r => (r.Config, r.Mode, r.Lengths)))
        {
            var (config, mode, lengths) = group.Key;
            var suffix = lengths ? " (lengths)" : "";
            var bare = Find(config, "bare", mode, lengths);
            var fused = Find(config, "fused", mode, lengths);
            var reference = Find(config, "reference", mode, lengths);
            if (bare is not null && fused is not null)
                ratios.Add(lengths
                    ? new Ratio(config, mode, "fused (exact lengths) / bare PackedSequence" + "", fused.StepSecondsMedian / bare.StepSecondsMedian, "report", null)
                    : new Ratio(config, mode, "fused / bare step time", fused.StepSecondsMedian / bare.StepSecondsMedian, "<= 1.03", fused.StepSecondsMedian / bare.StepSecondsMedian <= 1.03));
            if (fused is not null && reference is not null)
                ratios.Add(new Ratio(config, mode, "reference / fused step time" + suffix, reference.StepSecondsMedian / fused.StepSecondsMedian, "<= 1.30",
                    reference.StepSecondsMedian / fused.StepSecondsMedian <= 1.30));
            if (lengths && fused is not null && Find(config, "fused", mode, false) is { } full)
                ratios.Add(new Ratio(config, mode, "fused with lengths / fused full length", fused.StepSecondsMedian / full.StepSecondsMedian, "<= 1.20",
                    fused.StepSecondsMedian / full.StepSecondsMedian <= 1.20));
            if (bare is not null && fused is not null && !lengths)
                ratios.Add(new Ratio(config, mode, "fused / bare peak RSS", fused.PeakRssMb / bare.PeakRssMb, "<= 1.10", fused.PeakRssMb / bare.PeakRssMb <= 1.10));
            if (mode == "train" && !lengths && fused is not null && peer.LastOrDefault(p => p.Config == config) is { } py)
            {
                var target = config == "series-rnn128" ? 1.2 : 3.0;
                var speedup = fused.SamplesPerSecond / py.SamplesPerSecond;
                ratios.Add(new Ratio(config, mode, $"fused samples/s / {py.Peer}", speedup, $">= {target:F1}", speedup >= target));
            }
        }
        return ratios;
    }

    /// <summary>Writes the markdown report.</summary>
    public static void WriteMarkdown(string path, IReadOnlyList<BenchResult> bench, IReadOnlyList<PeerResult> peer, string header)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RnnZoo benchmark").AppendLine().AppendLine(header).AppendLine();
        sb.AppendLine("## Step times (medians)").AppendLine();
        sb.AppendLine("| config | mode | lengths | implementation | step s | samples/s | peak RSS MB |");
        sb.AppendLine("| --- | --- | --- | --- | ---: | ---: | ---: |");
        foreach (var r in bench)
            sb.AppendLine(FormattableString.Invariant($"| {r.Config} | {r.Mode} | {(r.Lengths ? "random" : "full")} | {r.Implementation} | {r.StepSecondsMedian:F4} | {r.SamplesPerSecond:F1} | {r.PeakRssMb:F0} |"));
        foreach (var p in peer)
            sb.AppendLine(FormattableString.Invariant($"| {p.Config} | train | full | {p.Peer} | {p.StepSecondsMedian:F4} | {p.SamplesPerSecond:F1} | |"));
        sb.AppendLine().AppendLine("## Ratios").AppendLine();
        sb.AppendLine("| config | mode | ratio | value | target | met |");
        sb.AppendLine("| --- | --- | --- | ---: | --- | --- |");
        foreach (var r in Ratios(bench, peer))
            sb.AppendLine(FormattableString.Invariant($"| {r.Config} | {r.Mode} | {r.What} | {r.Value:F2} | {r.Target} | {(r.Met is null ? "" : r.Met.Value ? "yes" : "**no**")} |"));
        if (peer.Count == 0) sb.AppendLine().AppendLine("PyTorch peer: not run (python3-torch not installed, or the peer script not found).");
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Writes the ratio chart (<see cref="ChartModel"/>) as a PNG, 1150 pixels wide and 24 pixels a ratio high.</summary>
    public static void WriteChart(string path, IReadOnlyList<Ratio> ratios) =>
        Charts.WritePng(ChartModel(ratios), path, 1150, 130 + 24 * Math.Max(1, ratios.Count));

    /// <summary>
    /// One horizontal bar per ratio, top to bottom in the report's order, labelled with its value: blue where the
    /// target is met, red where it is missed, grey where the ratio is only reported; a black mark on each bar's row
    /// stands at its target, and a dashed line at 1 (parity).
    /// </summary>
    public static PlotModel ChartModel(IReadOnlyList<Ratio> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        var model = Charts.NewModel("RnnZoo benchmark ratios");
        var categories = new CategoryAxis { Position = AxisPosition.Left, StartPosition = 1, EndPosition = 0, GapWidth = 0.35, MajorTickSize = 0 };
        categories.Labels.AddRange(ratios.Select(r => $"{r.Config} {r.Mode}: {r.What}" + (TargetValue(r.Target) is null ? "" : $" ({r.Target})")));
        model.Axes.Add(categories);
        var largest = ratios.Select(r => r.Value).Concat(ratios.Select(r => TargetValue(r.Target) ?? 0)).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom, Title = "ratio", Minimum = 0, Maximum = Math.Max(1.5, largest * 1.12),
            MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = OxyColor.FromRgb(225, 225, 225),
        });
        model.Annotations.Add(new LineAnnotation { Type = LineAnnotationType.Vertical, X = 1, Color = OxyColors.Gray, LineStyle = LineStyle.Dash, StrokeThickness = 1 });
        foreach (var (met, title, colour) in BarKinds)
        {
            // Stacked series of one group: every row gets the full bar height, whichever series its bar is in.
            var bars = new BarSeries { Title = title, FillColor = colour, IsStacked = true, StackGroup = "ratios" };
            for (var i = 0; i < ratios.Count; i++)
                if (ratios[i].Met == met) bars.Items.Add(new BarItem(ratios[i].Value, i));
            if (bars.Items.Count > 0) model.Series.Add(bars);
        }
        var targets = new ScatterSeries
        {
            Title = "target", MarkerType = MarkerType.Custom, MarkerFill = OxyColors.Black, MarkerSize = 10,
            MarkerOutline = new[] { new ScreenPoint(-0.18, -1), new ScreenPoint(0.18, -1), new ScreenPoint(0.18, 1), new ScreenPoint(-0.18, 1) },
        };
        for (var i = 0; i < ratios.Count; i++)
            if (TargetValue(ratios[i].Target) is { } target) targets.Points.Add(new ScatterPoint(target, i));
        if (targets.Points.Count > 0) model.Series.Add(targets);
        // Each value right of both its bar and its target mark, so that neither covers it.
        for (var i = 0; i < ratios.Count; i++)
            model.Annotations.Add(new TextAnnotation
            {
                Text = ratios[i].Value.ToString("0.00", CultureInfo.InvariantCulture), TextPosition = new DataPoint(Math.Max(ratios[i].Value, TargetValue(ratios[i].Target) ?? 0), i),
                Offset = new ScreenVector(8, 0), TextHorizontalAlignment = HorizontalAlignment.Left, TextVerticalAlignment = VerticalAlignment.Middle,
                Stroke = OxyColors.Undefined, Background = OxyColors.Undefined, FontSize = 12,
            });
        var legend = Charts.AddLegend(model, LegendPosition.TopCenter);
        legend.LegendOrientation = LegendOrientation.Horizontal;
        return model;
    }

    /// <summary>The bar colours: target met, missed, only reported.</summary>
    private static readonly (bool? Met, string Title, OxyColor Colour)[] BarKinds =
    {
        (true, "target met", OxyColor.FromRgb(70, 130, 180)),
        (false, "target missed", OxyColor.FromRgb(205, 92, 92)),
        (null, "reported (no target)", OxyColor.FromRgb(160, 160, 160)),
    };

    /// <summary>The number in a target such as "&lt;= 1.03" or "&gt;= 3.0"; null for "report".</summary>
    private static double? TargetValue(string target)
    {
        var parts = target.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[0] is "<=" or ">=" && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value : null;
    }
}
