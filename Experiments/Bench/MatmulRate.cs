using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Bench;

/// <summary>
/// The machine's matrix-product rate, measured with libtorch's own <c>mm</c> on this process's threads: GFLOP/s at the
/// shapes a configuration's products have, and at a large square (what the processor reaches at best).
/// </summary>
public static class MatmulRate
{
    /// <summary>Rates in GFLOP/s.</summary>
    /// <param name="Recurrent">At the per-step recurrent product <c>[B, H] · [H, g·H]</c>.</param>
    /// <param name="Projection">At the input projection <c>[B·T, I] · [I, g·H]</c> of the first layer.</param>
    /// <param name="Square">At <c>[n, n] · [n, n]</c> (n = <see cref="SquareSize"/>).</param>
    public sealed record Rates(double Recurrent, double Projection, double Square);

    /// <summary>The side of the large square.</summary>
    public const int SquareSize = 2048;

    /// <summary>Measures the rates for <paramref name="config"/>: the best of several timed repetitions of each shape.</summary>
    public static Rates Measure(BenchConfig config, double secondsPerShape = 0.3)
    {
        ArgumentNullException.ThrowIfNull(config);
        var rows = BenchFlops.Gates(config.Kind) * config.Hidden;
        return new Rates(
            Of(config.Batch, config.Hidden, rows, secondsPerShape),
            Of((long)config.Batch * config.Steps, config.InputSize, rows, secondsPerShape),
            Of(SquareSize, SquareSize, SquareSize, secondsPerShape));
    }

    /// <summary>GFLOP/s of <c>[m, k] · [k, n]</c>: the fastest of ten rounds, each as many products as fill a tenth of
    /// <paramref name="seconds"/> (at least one).</summary>
    public static double Of(long m, long k, long n, double seconds = 0.3)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = randn(m, k);
        var b = randn(k, n);
        var flops = 2.0 * m * k * n;
        _ = a.mm(b).sum().item<float>(); // warm-up (and the first call's allocations)
        var once = Stopwatch.StartNew();
        _ = a.mm(b).sum().item<float>();
        var repeats = Math.Max(1, (int)(seconds / 10 / Math.Max(once.Elapsed.TotalSeconds, 1e-7)));
        var best = double.PositiveInfinity;
        for (var round = 0; round < 10; round++)
        {
            using var inner = NewDisposeScope();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < repeats; i++) _ = a.mm(b); // on the CPU each product is finished when mm returns
            best = Math.Min(best, watch.Elapsed.TotalSeconds / repeats);
        }
        return flops / best / 1e9;
    }
}
