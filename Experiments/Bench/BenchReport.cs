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

    /// <summary>Every ratio the benchmark issue asks for, computed from medians of the same run (float32 results).</summary>
    public static List<Ratio> Ratios(IReadOnlyList<BenchResult> bench, IReadOnlyList<PeerResult> peer)
    {
        var ratios = new List<Ratio>();
        var lowPrecision = bench.Where(r => r.Dtype != "float32").ToList();
        foreach (var low in lowPrecision)
            if (bench.LastOrDefault(r => r.Dtype == "float32" && r.Config == low.Config && r.Implementation == low.Implementation && r.Mode == low.Mode && r.Lengths == low.Lengths) is { } single)
                ratios.Add(new Ratio(low.Config, low.Mode, $"{low.Implementation} {low.Dtype} / float32 step time{(low.Lengths ? " (lengths)" : "")}",
                    low.StepSecondsMedian / single.StepSecondsMedian, "report", null));
        bench = bench.Where(r => r.Dtype == "float32").ToList();
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
                    : new Ratio(config, mode, "fused / bare step time", fused.StepSecondsMedian / bare.StepSecondsMedian, $"<= {FusedOverBareTarget(config):F2}",
                        fused.StepSecondsMedian / bare.StepSecondsMedian <= FusedOverBareTarget(config)));
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

    // The issue holds fused / bare to 1.03, and a bidirectional network (two directions to pair with one nn.GRU call) to 1.05.
    private static double FusedOverBareTarget(string config) =>
        BenchConfig.All.FirstOrDefault(c => c.Name == config) is { Bidirectional: true } ? 1.05 : 1.03;

    /// <summary>The configurations in the order of the issue's table, then any others.</summary>
    private static readonly string[] IssueOrder = { "imdb-lstm2", "imdb-bigru", "series-lstm2", "series-rnn128" };

    /// <summary>
    /// The issue's table: for each target, its ratio in every configuration, marked met (✓) or not (✗), from the wall
    /// times, or from the processor times with <paramref name="processorTime"/> (steadier on a shared machine).
    /// </summary>
    public static List<string> TargetTable(IReadOnlyList<BenchResult> bench, bool processorTime = false)
    {
        bench = bench.Where(r => r.Dtype == "float32").ToList();
        var configs = bench.Select(r => r.Config).Distinct().OrderBy(c => Array.IndexOf(IssueOrder, c) is var i && i < 0 ? int.MaxValue : i).ToList();
        double? Time(string config, string impl, string mode, bool lengths) =>
            bench.LastOrDefault(r => r.Config == config && r.Implementation == impl && r.Mode == mode && r.Lengths == lengths) is { } r
                ? processorTime ? r.CpuSecondsMedian : r.StepSecondsMedian : null;
        string Cell(double? a, double? b, double target) =>
            a is { } x && b is { } y && y > 0 ? (x / y <= target ? FormattableString.Invariant($"{x / y:F2} ✓") : FormattableString.Invariant($"**{x / y:F2} ✗**")) : "–";
        var lines = new List<string>
        {
            "| ratio (target) | " + string.Join(" | ", configs) + " |",
            "| --- |" + string.Concat(configs.Select(_ => " ---: |")),
        };
        void Row(string label, Func<string, string> cell) => lines.Add($"| {label} | " + string.Join(" | ", configs.Select(cell)) + " |");
        Row("reference / fused, train (<= 1.3)", c => Cell(Time(c, "reference", "train", false), Time(c, "fused", "train", false), 1.3));
        Row("reference / fused, infer (<= 1.3)", c => Cell(Time(c, "reference", "infer", false), Time(c, "fused", "infer", false), 1.3));
        Row("reference / fused with lengths, train / infer (<= 1.3)", c =>
            Cell(Time(c, "reference", "train", true), Time(c, "fused", "train", true), 1.3) + " / " + Cell(Time(c, "reference", "infer", true), Time(c, "fused", "infer", true), 1.3));
        Row("fused with lengths / fused full length, infer (<= 1.2)", c => Cell(Time(c, "fused", "infer", true), Time(c, "fused", "infer", false), 1.2));
        Row("fused / bare loop, train (<= 1.03; bidirectional <= 1.05)", c => Cell(Time(c, "fused", "train", false), Time(c, "bare", "train", false), FusedOverBareTarget(c)));
        return lines;
    }

    /// <summary>
    /// The machine's limit: per configuration and mode, the FLOPs of a step, the matrix-product rates measured at its
    /// shapes and at a large square, the bound they set (every product at its shape's rate, nothing else), and the
    /// GFLOP/s each implementation reached, as a share of the large square's rate and of the bound.
    /// </summary>
    public static List<string> LimitTable(IReadOnlyList<BenchResult> bench)
    {
        var lines = new List<string>
        {
            "| config | mode | GFLOP a step | GFLOP/s of mm: step shape / projection / 2048² | bound GFLOP/s | bare | fused | reference |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        };
        foreach (var group in bench.Where(r => r.Dtype == "float32" && !r.Lengths && r.Limit is not null)
                     .GroupBy(r => (r.Config, r.Mode)).OrderBy(g => Array.IndexOf(IssueOrder, g.Key.Config)).ThenBy(g => g.Key.Mode))
        {
            var config = BenchConfig.All.FirstOrDefault(c => c.Name == group.Key.Config);
            if (config is null) continue;
            var mode = group.Key.Mode == "train" ? BenchMode.Train : BenchMode.Infer;
            var work = BenchFlops.Step(config, mode);
            var limit = group.Last().Limit!;
            var bound = work.Total / (work.Projection / limit.Projection + work.Recurrent / limit.Recurrent + work.Head / limit.Square);
            string Achieved(string impl) => group.LastOrDefault(r => r.Implementation == impl) is { } r
                ? FormattableString.Invariant($"{work.Total / r.StepSecondsMedian / 1e9:F1} ({100 * work.Total / r.StepSecondsMedian / 1e9 / limit.Square:F0}%, {100 * work.Total / r.StepSecondsMedian / 1e9 / bound:F0}%)")
                : "–";
            lines.Add(FormattableString.Invariant(
                $"| {config.Name} | {group.Key.Mode} | {work.Total / 1e9:F2} | {limit.Recurrent:F0} / {limit.Projection:F0} / {limit.Square:F0} | {bound:F0} | {Achieved("bare")} | {Achieved("fused")} | {Achieved("reference")} |"));
        }
        return lines;
    }

    /// <summary>Writes the markdown report.</summary>
    public static void WriteMarkdown(string path, IReadOnlyList<BenchResult> bench, IReadOnlyList<PeerResult> peer, string header)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# RnnZoo benchmark").AppendLine().AppendLine(header).AppendLine();
        sb.AppendLine("## The targets").AppendLine();
        sb.AppendLine("From the step times (medians, implementations alternating in one run):").AppendLine();
        foreach (var line in TargetTable(bench)) sb.AppendLine(line);
        if (bench.Any(r => r.CpuSecondsMedian is not null))
        {
            sb.AppendLine().AppendLine("The same from the processor time of each step (all threads; on a shared machine the steadier figure, exact with one thread):").AppendLine();
            foreach (var line in TargetTable(bench, processorTime: true)) sb.AppendLine(line);
        }
        if (bench.Any(r => r.Limit is not null))
        {
            sb.AppendLine().AppendLine("## Against the machine's limit").AppendLine();
            sb.AppendLine("FLOPs of the matrix products of a step (a multiply-add is two; training adds the two products of each one's backward pass; " +
                          "element-wise gate arithmetic not counted). GFLOP/s of libtorch's mm measured on this machine at the step's recurrent product " +
                          "[B, H]·[H, g·H], the first layer's input projection [B·T, I]·[I, g·H] and a 2048² square. The bound: every product at its shape's rate " +
                          "and nothing else. Each implementation: GFLOP/s reached (share of the 2048² rate, share of the bound).").AppendLine();
            foreach (var line in LimitTable(bench)) sb.AppendLine(line);
        }
        sb.AppendLine().AppendLine("## Step times (medians)").AppendLine();
        sb.AppendLine("| config | mode | lengths | dtype | implementation | step s | processor s | samples/s | GFLOP/s | peak RSS MB |");
        sb.AppendLine("| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in bench)
            sb.AppendLine(FormattableString.Invariant($"| {r.Config} | {r.Mode} | {(r.Lengths ? "random" : "full")} | {r.Dtype} | {r.Implementation} | {r.StepSecondsMedian:F4} | {r.CpuSecondsMedian:F4} | {r.SamplesPerSecond:F1} | {r.GflopsPerSecond:F1} | {r.PeakRssMb:F0} |"));
        foreach (var p in peer)
            sb.AppendLine(FormattableString.Invariant($"| {p.Config} | train | full | float32 | {p.Peer} | {p.StepSecondsMedian:F4} | | {p.SamplesPerSecond:F1} | | |"));
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
