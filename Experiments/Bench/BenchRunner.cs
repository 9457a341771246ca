using RnnZoo.Models.Runtime;
using System.Diagnostics;
using System.Text.Json.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Bench;

/// <summary>Whether a benchmark times training steps or inference steps.</summary>
public enum BenchMode
{
    /// <summary>Forward, loss, backward and optimizer step.</summary>
    Train,
    /// <summary>Forward without gradients.</summary>
    Infer,
}

/// <summary>
/// One measured (config, implementation, mode): the median step time over every timed step of every round, and the
/// median processor time of this process per step (all its threads: on a shared machine, with one libtorch thread, the
/// steadier figure, since waiting for the processor does not count).
/// </summary>
public sealed record BenchResult(string Config, string Implementation, string Mode, bool Lengths,
    [property: JsonPropertyName("step_s_median")] double StepSecondsMedian,
    [property: JsonPropertyName("samples_per_s")] double SamplesPerSecond,
    double PeakRssMb, int Steps,
    [property: JsonPropertyName("step_s")] IReadOnlyList<double>? StepSeconds = null,
    [property: JsonPropertyName("cpu_s_median")] double? CpuSecondsMedian = null,
    [property: JsonPropertyName("cpu_s")] IReadOnlyList<double>? CpuSeconds = null,
    double? Flops = null,
    [property: JsonPropertyName("gflops")] double? GflopsPerSecond = null,
    [property: JsonPropertyName("limit_gflops")] MatmulRate.Rates? Limit = null,
    string Dtype = "float32",
    int? Threads = null);

/// <summary>Times benchmark workloads: warm-up steps, then the median of timed steps, each in its own DisposeScope.</summary>
public static class BenchRunner
{
    /// <summary>
    /// Measures one workload (in <paramref name="dtype"/>: float32, or bfloat16 for inference): <paramref name="steps"/>
    /// timed steps, and more until they add up to <paramref name="minSeconds"/>.
    /// </summary>
    public static BenchResult Measure(BenchConfig config, BenchImplementation implementation, BenchMode mode, bool lengths, int steps, int warmup,
        bool flushDenormals = true, ScalarType dtype = ScalarType.Float32, double minSeconds = 0)
    {
        using var workload = BenchWorkload.Create(config, implementation, lengths, flushDenormals: flushDenormals, dtype: dtype);
        Memory.ResetPeak();
        var times = new List<double>();
        var cpu = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < warmup + steps || times.Sum() < minSeconds; i++)
        {
            using var scope = NewDisposeScope();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var result = mode == BenchMode.Train ? workload.Train() : workload.Infer();
            _ = result.sum().to(ScalarType.Float32).item<float>(); // wait for the step to finish
            watch.Stop();
            process.Refresh();
            if (i < warmup) continue;
            times.Add(watch.Elapsed.TotalSeconds);
            cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
        }
        var median = Median(times);
        var flops = BenchFlops.Step(config, mode).Total;
        return new BenchResult(config.Name, implementation.ToString().ToLowerInvariant(), mode.ToString().ToLowerInvariant(), lengths,
            Math.Round(median, 5), Math.Round(config.Batch / median, 1), Math.Round(Memory.PeakRssMegabytes(), 1), times.Count,
            times.Select(t => Math.Round(t, 5)).ToArray(), Math.Round(Median(cpu), 5), cpu.Select(t => Math.Round(t, 5)).ToArray(),
            flops, Math.Round(flops / median / 1e9, 2), Dtype: LowPrecision.Name(dtype), Threads: get_num_threads());
    }

    /// <summary>
    /// One result from several rounds of the same measurement: the median of all their step times, the largest peak RSS.
    /// Rounds alternate the implementations (bare, fused, reference, bare, ...), so that a machine whose speed drifts
    /// (a shared host) slows every implementation alike instead of whichever ran during the slow minute.
    /// </summary>
    public static BenchResult Combine(IReadOnlyList<BenchResult> rounds, int batch)
    {
        if (rounds.Count == 0) throw new ArgumentException("No rounds to combine.", nameof(rounds));
        var times = rounds.SelectMany(r => r.StepSeconds ?? new[] { r.StepSecondsMedian }).ToList();
        var median = Median(times);
        var cpu = rounds.SelectMany(r => r.CpuSeconds ?? (r.CpuSecondsMedian is { } c ? new[] { c } : Array.Empty<double>())).ToList();
        return rounds[0] with
        {
            StepSecondsMedian = Math.Round(median, 5), SamplesPerSecond = Math.Round(batch / median, 1),
            GflopsPerSecond = rounds[0].Flops is { } flops ? Math.Round(flops / median / 1e9, 2) : null,
            PeakRssMb = rounds.Max(r => r.PeakRssMb), Steps = times.Count, StepSeconds = times,
            CpuSecondsMedian = cpu.Count == 0 ? null : Math.Round(Median(cpu), 5), CpuSeconds = cpu.Count == 0 ? null : cpu,
        };
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
