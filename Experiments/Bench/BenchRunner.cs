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

/// <summary>One measured (config, implementation, mode): the median step time over every timed step of every round.</summary>
public sealed record BenchResult(string Config, string Implementation, string Mode, bool Lengths,
    [property: JsonPropertyName("step_s_median")] double StepSecondsMedian,
    [property: JsonPropertyName("samples_per_s")] double SamplesPerSecond,
    double PeakRssMb, int Steps,
    [property: JsonPropertyName("step_s")] IReadOnlyList<double>? StepSeconds = null);

/// <summary>Times benchmark workloads: warm-up steps, then the median of timed steps, each in its own DisposeScope.</summary>
public static class BenchRunner
{
    /// <summary>Measures one workload.</summary>
    public static BenchResult Measure(BenchConfig config, BenchImplementation implementation, BenchMode mode, bool lengths, int steps, int warmup,
        bool flushDenormals = true)
    {
        using var workload = BenchWorkload.Create(config, implementation, lengths, flushDenormals: flushDenormals);
        Memory.ResetPeak();
        var times = new List<double>();
        for (var i = 0; i < warmup + steps; i++)
        {
            using var scope = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            var result = mode == BenchMode.Train ? workload.Train() : workload.Infer();
            _ = result.sum().item<float>(); // wait for the step to finish
            watch.Stop();
            if (i >= warmup) times.Add(watch.Elapsed.TotalSeconds);
        }
        var median = Median(times);
        return new BenchResult(config.Name, implementation.ToString().ToLowerInvariant(), mode.ToString().ToLowerInvariant(), lengths,
            Math.Round(median, 5), Math.Round(config.Batch / median, 1), Math.Round(Memory.PeakRssMegabytes(), 1), steps,
            times.Select(t => Math.Round(t, 5)).ToArray());
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
        return rounds[0] with
        {
            StepSecondsMedian = Math.Round(median, 5), SamplesPerSecond = Math.Round(batch / median, 1),
            PeakRssMb = rounds.Max(r => r.PeakRssMb), Steps = times.Count, StepSeconds = times,
        };
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
