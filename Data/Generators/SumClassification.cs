using RnnZoo.Data.Batching;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Generators;

/// <summary>
/// A sequence classification task whose label depends on the whole sequence (seed 000's kind of example):
/// inputs drawn from N(0, 1), <c>[B, steps, features]</c>; the label is the feature with the largest sum over all
/// steps, so there are <c>features</c> classes and no single step decides it. System.Random seeded with
/// <c>seed</c>, Box-Muller.
/// </summary>
public static class SumClassification
{
    /// <summary>Generates one batch.</summary>
    /// <returns>Inputs <c>[B, steps, features]</c> float32, labels <c>[B]</c> int64.</returns>
    public static Batch Generate(int batchSize, int steps, int features, int seed)
    {
        GeneratorChecks.Positive(batchSize, nameof(batchSize));
        GeneratorChecks.Positive(steps, nameof(steps));
        GeneratorChecks.Positive(features, nameof(features));
        var rng = new Random(seed);
        var x = new float[batchSize * steps * features];
        var y = new long[batchSize];
        var sums = new double[features];
        for (int b = 0; b < batchSize; b++)
        {
            Array.Clear(sums);
            for (int t = 0; t < steps; t++)
                for (int f = 0; f < features; f++)
                {
                    var v = (float)GeneratorChecks.Gaussian(rng);
                    x[(b * steps + t) * features + f] = v;
                    sums[f] += v;
                }
            y[b] = Array.IndexOf(sums, sums.Max());
        }
        return new Batch(torch.tensor(x, [batchSize, steps, features], ScalarType.Float32), torch.tensor(y, [batchSize], ScalarType.Int64));
    }
}
