using System.Globalization;
using System.Text;
using System.Text.Json;
using SkiaSharp;

namespace RnnZoo.Experiments.Bench;

/// <summary>One line of the PyTorch peer's output (<c>pytorch_peer.py</c>): a training step of one configuration.</summary>
public sealed record PeerResult(string Peer, string Config, double StepSecondsMedian, double SamplesPerSecond);

/// <summary>Turns bench results (and the PyTorch peer's, when present) into <c>bench.md</c> and a bar chart of the ratios.</summary>
public static class BenchReport
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Reads bench JSON arrays (files written by <c>bench --json</c>).</summary>
    public static List<BenchResult> ReadBench(IEnumerable<string> files) =>
        files.SelectMany(f => JsonSerializer.Deserialize<List<BenchResult>>(File.ReadAllText(f), Json)
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

    /// <summary>Writes a horizontal bar chart of the ratios (PNG).</summary>
    public static void WriteChart(string path, IReadOnlyList<Ratio> ratios)
    {
        const int rowHeight = 26, left = 470, width = 1150, barWidth = 480;
        var height = 60 + rowHeight * Math.Max(1, ratios.Count);
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var text = new SKPaint { Color = SKColors.Black, TextSize = 14, IsAntialias = true };
        using var title = new SKPaint { Color = SKColors.Black, TextSize = 18, IsAntialias = true, FakeBoldText = true };
        using var good = new SKPaint { Color = new SKColor(70, 130, 180) };
        using var bad = new SKPaint { Color = new SKColor(205, 92, 92) };
        using var neutral = new SKPaint { Color = new SKColor(150, 150, 150) };
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1 };
        canvas.DrawText("RnnZoo benchmark ratios (blue: target met, red: missed, grey: reported)", 10, 26, title);
        var max = Math.Max(1.5, ratios.Count == 0 ? 1 : ratios.Max(r => r.Value));
        var y = 50;
        foreach (var r in ratios)
        {
            canvas.DrawText($"{r.Config} {r.Mode}: {r.What}", 10, y + 17, text);
            var w = (float)(barWidth * r.Value / max);
            canvas.DrawRect(left, y + 4, w, rowHeight - 8, r.Met is null ? neutral : r.Met.Value ? good : bad);
            canvas.DrawText(r.Value.ToString("F2", CultureInfo.InvariantCulture) + "  (" + r.Target + ")", left + w + 6, y + 17, text);
            y += rowHeight;
        }
        var one = left + (float)(barWidth / max);
        canvas.DrawLine(one, 44, one, y, axis);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
