using System.Diagnostics;
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

/// <summary>One measured (config, implementation, mode).</summary>
public sealed record BenchResult(string Config, string Implementation, string Mode, bool Lengths, double StepSecondsMedian,
    double SamplesPerSecond, double PeakRssMb, int Steps);

/// <summary>Times benchmark workloads: warm-up steps, then the median of timed steps, each in its own DisposeScope.</summary>
public static class BenchRunner
{
    /// <summary>Measures one workload.</summary>
    public static BenchResult Measure(BenchConfig config, BenchImplementation implementation, BenchMode mode, bool lengths, int steps, int warmup)
    {
        using var workload = BenchWorkload.Create(config, implementation, lengths);
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
        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        return new BenchResult(config.Name, implementation.ToString().ToLowerInvariant(), mode.ToString().ToLowerInvariant(), lengths,
            Math.Round(median, 5), Math.Round(config.Batch / median, 1), Math.Round(Memory.PeakRssMegabytes(), 1), steps);
    }
}
