using RnnZoo.Tests.Support;
using System.Text.Json;
using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Series;
using RnnZoo.Experiments;
using RnnZoo.Experiments.Bench;
using RnnZoo.Tests.Training.Plots;

namespace RnnZoo.Tests.Experiments.Bench;

[TestFixture]
public class BenchTests : TempFolderTests
{
    private static BenchResult Result(string impl, double seconds, double rss = 100, string mode = "train", bool lengths = false) =>
        new("series-rnn128", impl, mode, lengths, seconds, 64 / seconds, rss, 1);

    [Test]
    public void Combine_TakesTheMedianOfEveryRoundsSteps_AndTheLargestPeak()
    {
        var rounds = new[]
        {
            Result("fused", 0, 120) with { StepSeconds = new[] { 1.0, 5.0 } },
            Result("fused", 0, 150) with { StepSeconds = new[] { 2.0 } },
        };
        var combined = BenchRunner.Combine(rounds, 64);
        Assert.That(combined.StepSecondsMedian, Is.EqualTo(2.0));
        Assert.That(combined.SamplesPerSecond, Is.EqualTo(32.0));
        Assert.That(combined.PeakRssMb, Is.EqualTo(150));
        Assert.That(combined.Steps, Is.EqualTo(3));
    }

    [Test]
    public void Ratios_AreTheIssuesRatios_WithTargets()
    {
        var bench = new List<BenchResult>
        {
            Result("bare", 1.00, 100), Result("fused", 1.02, 105), Result("reference", 1.53, 110),
            Result("bare", 4.0, lengths: true), Result("fused", 1.1, lengths: true), Result("reference", 1.2, lengths: true),
        };
        var peer = new List<PeerResult> { new("pytorch", "series-rnn128", 0.0, 64 / 1.02 / 1.25) };
        var ratios = BenchReport.Ratios(bench, peer).ToDictionary(r => r.What);
        Assert.That(ratios["fused / bare step time"].Value, Is.EqualTo(1.02).Within(1e-9));
        Assert.That(ratios["fused / bare step time"].Met, Is.True);
        Assert.That(ratios["reference / fused step time"].Value, Is.EqualTo(1.5).Within(1e-9));
        Assert.That(ratios["reference / fused step time"].Met, Is.False);
        Assert.That(ratios["fused / bare peak RSS"].Value, Is.EqualTo(1.05).Within(1e-9));
        Assert.That(ratios["fused with lengths / fused full length"].Value, Is.EqualTo(1.1 / 1.02).Within(1e-9));
        Assert.That(ratios["fused (exact lengths) / bare PackedSequence"].Value, Is.EqualTo(1.1 / 4.0).Within(1e-9));
        // series-rnn128 is held to 1.2x the peer's samples per second.
        Assert.That(ratios["fused samples/s / pytorch"].Value, Is.EqualTo(1.25).Within(1e-9));
        Assert.That(ratios["fused samples/s / pytorch"].Met, Is.True);
    }

    [Test]
    public void RatioChart_HasOneBarPerRatio_ColouredByTarget_WithTheTargetsMarked()
    {
        var ratios = new List<BenchReport.Ratio>
        {
            new("series-rnn128", "train", "fused / bare step time", 1.02, "<= 1.03", true),
            new("series-rnn128", "train", "reference / fused step time", 1.5, "<= 1.30", false),
            new("series-rnn128", "train", "fused (exact lengths) / bare PackedSequence", 0.27, "report", null),
            new("series-rnn128", "train", "fused samples/s / pytorch", 4.4, ">= 1.2", true),
        };
        var path = Path.Combine(Dir, "bench.png");
        BenchReport.WriteChart(path, ratios);
        Assert.That(Png.Size(path), Is.EqualTo((1150, 130 + 24 * ratios.Count)));

        var model = BenchReport.ChartModel(ratios);
        var rows = (CategoryAxis)model.Axes.Single(a => a.Position == AxisPosition.Left);
        Assert.That(rows.Labels, Is.EqualTo(new[]
        {
            "series-rnn128 train: fused / bare step time (<= 1.03)", "series-rnn128 train: reference / fused step time (<= 1.30)",
            "series-rnn128 train: fused (exact lengths) / bare PackedSequence", "series-rnn128 train: fused samples/s / pytorch (>= 1.2)",
        }));
        Assert.That(rows.StartPosition, Is.GreaterThan(rows.EndPosition), "the first ratio on top, as in the report");
        // Each bar in the series of its verdict, at its own row; met and missed in different colours.
        var bars = model.Series.OfType<BarSeries>().ToDictionary(s => s.Title);
        Assert.That(bars.Keys, Is.EquivalentTo(new[] { "target met", "target missed", "reported (no target)" }));
        Assert.That(bars["target met"].Items.Select(b => (b.CategoryIndex, b.Value)), Is.EqualTo(new[] { (0, 1.02), (3, 4.4) }));
        Assert.That(bars["target missed"].Items.Select(b => (b.CategoryIndex, b.Value)), Is.EqualTo(new[] { (1, 1.5) }));
        Assert.That(bars["reported (no target)"].Items.Select(b => (b.CategoryIndex, b.Value)), Is.EqualTo(new[] { (2, 0.27) }));
        Assert.That(bars.Values.Select(b => b.FillColor).Distinct().Count(), Is.EqualTo(3));
        Assert.That(bars.Values.All(b => b.IsStacked && b.StackGroup == "ratios"), "one full-height bar per row");
        var targets = model.Series.OfType<ScatterSeries>().Single();
        Assert.That(targets.Points.Select(p => (p.X, p.Y)), Is.EqualTo(new[] { (1.03, 0.0), (1.30, 1.0), (1.2, 3.0) }), "no mark for a reported ratio");
        var values = model.Annotations.OfType<TextAnnotation>().ToList();
        Assert.That(values.Select(a => a.Text), Is.EqualTo(new[] { "1.02", "1.50", "0.27", "4.40" }));
        Assert.That(values[0].TextPosition.X, Is.EqualTo(1.03), "a value stands right of its target mark when the mark is beyond the bar");
        Assert.That(model.Axes.Single(a => a.Position == AxisPosition.Bottom).Maximum, Is.GreaterThan(4.4));
        Assert.That(model.Annotations.OfType<LineAnnotation>().Single().X, Is.EqualTo(1), "parity");
    }

    [Test]
    public void BenchCommand_WritesTheIssuesJsonFields()
    {
        var json = Path.Combine(Dir, "bench.json");
        Assert.That(Program.Main(new[] { "bench", "series-rnn128", "--mode", "infer", "--steps", "1", "--warmup", "0", "--rounds", "2", "--json", json }), Is.EqualTo(0));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var rows = doc.RootElement.EnumerateArray().ToList();
        Assert.That(rows.Select(r => r.GetProperty("implementation").GetString()), Is.EquivalentTo(new[] { "bare", "fused", "reference" }));
        foreach (var row in rows)
        {
            Assert.That(row.GetProperty("config").GetString(), Is.EqualTo("series-rnn128"));
            Assert.That(row.GetProperty("mode").GetString(), Is.EqualTo("infer"));
            Assert.That(row.GetProperty("step_s_median").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("samples_per_s").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("peak_rss_mb").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("step_s").GetArrayLength(), Is.EqualTo(2), "one step from each of two rounds");
        }
        Assert.That(Program.Main(new[] { "bench", "series-rnn128", "--rounds", "0" }), Is.EqualTo(2));
    }

    [Test]
    public void BenchCommand_PairedLengths_TimesFusedAndReferenceBothWays_InOneProcess()
    {
        var json = Path.Combine(Dir, "paired.json");
        Assert.That(Program.Main(new[] { "bench", "series-rnn128", "--mode", "infer", "--paired-lengths", "--steps", "1", "--warmup", "0", "--rounds", "2", "--no-limit", "--json", json }), Is.EqualTo(0));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var rows = doc.RootElement.EnumerateArray().Select(r => (r.GetProperty("implementation").GetString(), r.GetProperty("lengths").GetBoolean(), r.GetProperty("step_s").GetArrayLength())).ToList();
        Assert.That(rows, Is.EquivalentTo(new[] { ("bare", false, 2), ("fused", false, 2), ("reference", false, 2), ("fused", true, 2), ("reference", true, 2) }),
            "bare's lengths run is a PackedSequence, timed on its own");
        Assert.That(Program.Main(new[] { "bench", "series-rnn128", "--paired-lengths", "--lengths" }), Is.EqualTo(2));
    }

    [Test]
    public void BenchCommand_MinSeconds_TimesMoreStepsThanAsked_UntilTheTimeIsReached()
    {
        var json = Path.Combine(Dir, "min.json");
        Assert.That(Program.Main(new[] { "bench", "series-rnn128", "--mode", "infer", "--implementation", "fused", "--steps", "1", "--warmup", "0", "--min-seconds", "0.2", "--no-limit", "--json", json }), Is.EqualTo(0));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var row = doc.RootElement.EnumerateArray().Single();
        var steps = row.GetProperty("step_s").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.That(steps.Count, Is.GreaterThan(1), "a step of series-rnn128 takes milliseconds");
        Assert.That(steps.Sum(), Is.GreaterThanOrEqualTo(0.2));
        Assert.That(steps.Sum() - steps[^1], Is.LessThan(0.2), "it stops at the first step that reaches the time");
        Assert.That(row.GetProperty("steps").GetInt32(), Is.EqualTo(steps.Count));
        Assert.That(Program.Main(new[] { "bench", "series-rnn128", "--min-seconds", "-1" }), Is.EqualTo(2));
    }

    /// <summary>Seed 002's network by hand: per step and sequence, layer 1 multiplies [50] and [100] by [400] rows, layer 2 [100] and [100]; the head [100] by [2].</summary>
    [Test]
    public void Flops_AreTheMatrixProductsOfAStep_HandWorked()
    {
        var config = BenchConfig.Find("imdb-lstm2");
        var tokens = 64.0 * 500;
        var projection = 2 * tokens * (50 + 100) * 400;
        var recurrent = 2 * tokens * (100 + 100) * 400;
        var head = 2 * 64.0 * 100 * 2;
        var infer = BenchFlops.Step(config, BenchMode.Infer);
        Assert.That(infer.Projection, Is.EqualTo(projection));
        Assert.That(infer.Recurrent, Is.EqualTo(recurrent));
        Assert.That(infer.Head, Is.EqualTo(head));
        var train = BenchFlops.Step(config, BenchMode.Train);
        Assert.That(train.Total, Is.EqualTo(3 * infer.Total), "token input: every product has its two backward products");
        // Features as input (no embedding): the first layer's input gradient is not computed.
        var series = BenchConfig.Find("series-rnn128");
        var first = 2 * 64.0 * 50 * 1 * 128;
        Assert.That(BenchFlops.Step(series, BenchMode.Train).Projection, Is.EqualTo(2 * first));
        // Bidirectional: both directions, and the second layer would read 2H.
        var bigru = BenchFlops.Step(BenchConfig.Find("imdb-bigru"), BenchMode.Infer);
        Assert.That(bigru.Recurrent, Is.EqualTo(2 * 64.0 * 200 * 128 * 384 * 2));
    }

    [Test]
    public void TargetTable_MarksEachTarget_InTheIssuesLayout()
    {
        var bench = new List<BenchResult>
        {
            Result("bare", 1.00) with { Config = "imdb-bigru", CpuSecondsMedian = 1.0 }, Result("fused", 1.04) with { Config = "imdb-bigru", CpuSecondsMedian = 1.2 },
            Result("reference", 1.56) with { Config = "imdb-bigru", CpuSecondsMedian = 1.2 },
            Result("fused", 0.5, mode: "infer") with { Config = "imdb-bigru" }, Result("fused", 0.55, mode: "infer", lengths: true) with { Config = "imdb-bigru" },
            Result("bare", 1.00), Result("fused", 1.04),
        };
        var table = BenchReport.TargetTable(bench);
        Assert.That(table[0], Is.EqualTo("| ratio (target) | imdb-bigru | series-rnn128 |"));
        Assert.That(table.Single(l => l.StartsWith("| reference / fused, train")), Does.Contain("**1.50 ✗**"));
        Assert.That(table.Single(l => l.StartsWith("| fused with lengths")), Does.Contain("1.10 ✓"));
        // Bidirectional networks are held to 1.05, the others to 1.03.
        Assert.That(table.Single(l => l.StartsWith("| fused / bare")), Does.Contain("| 1.04 ✓ | **1.04 ✗** |"));
        var byProcessor = BenchReport.TargetTable(bench, processorTime: true);
        Assert.That(byProcessor.Single(l => l.StartsWith("| reference / fused, train")), Does.Contain("1.00 ✓"));
        Assert.That(byProcessor.Single(l => l.StartsWith("| fused / bare")), Does.Contain("**1.20 ✗**"));
    }

    [Test]
    public void LimitTable_SetsTheAchievedRateAgainstTheMeasuredOnes()
    {
        var config = BenchConfig.Find("series-rnn128");
        var flops = BenchFlops.Step(config, BenchMode.Infer);
        var limit = new MatmulRate.Rates(Recurrent: 10, Projection: 20, Square: 100);
        var bench = new List<BenchResult> { Result("fused", flops.Total / 5e9, mode: "infer") with { Limit = limit } }; // 5 GFLOP/s
        var row = BenchReport.LimitTable(bench).Single(l => l.StartsWith("| series-rnn128"));
        var bound = flops.Total / (flops.Projection / 20e9 + flops.Recurrent / 10e9 + flops.Head / 100e9) / 1e9;
        Assert.That(row, Does.Contain(FormattableString.Invariant($"| {bound:F0} |")));
        Assert.That(row, Does.Contain(FormattableString.Invariant($"5.0 (5%, {500 / bound:F0}%)")));
    }

    [Test]
    public void MatmulRate_IsPositiveAndFinite()
    {
        var rate = MatmulRate.Of(32, 16, 48, seconds: 0.01);
        Assert.That(rate, Is.GreaterThan(0).And.LessThan(1e5));
    }

    [Test]
    public void BenchCommand_BFloat16_TimesInferenceOnly_AndSaysSo()
    {
        var json = Path.Combine(Dir, "bf16.json");
        Assert.That(Program.Main(new[] { "bench", "series-rnn128", "--dtype", "bf16", "--implementation", "fused", "--steps", "1", "--warmup", "0", "--no-limit", "--json", json }), Is.EqualTo(0));
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        var row = doc.RootElement.EnumerateArray().Single();
        Assert.That(row.GetProperty("mode").GetString(), Is.EqualTo("infer"));
        Assert.That(row.GetProperty("dtype").GetString(), Is.EqualTo("bfloat16"));
        Assert.That(row.GetProperty("gflops").GetDouble(), Is.GreaterThan(0));
        Assert.That(Program.Main(new[] { "bench", "series-rnn128", "--dtype", "bf16", "--mode", "train" }), Is.EqualTo(2));
    }
}
