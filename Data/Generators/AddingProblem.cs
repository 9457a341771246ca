using RnnZoo.Data.Batching;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Generators;

/// <summary>
/// The adding problem (Hochreiter and Schmidhuber 1997, experiment 4), in the form used by later work
/// (Le et al. 2015; Arjovsky et al. 2016): each step holds a value uniform in [0, 1) and a marker; exactly two
/// steps are marked, one in the first half and one in the second half of the sequence, and the target is the
/// sum of the two marked values. (The 1997 original draws values in [-1, 1] and scales the target to
/// 0.5 + (x1 + x2) / 4; the modern form is the one benchmarks report.) Randomness: System.Random(<c>seed</c>).
/// </summary>
public static class AddingProblem
{
    /// <summary>Generates one batch.</summary>
    /// <param name="batchSize">B.</param>
    /// <param name="sequenceLength">T (at least 2).</param>
    /// <param name="seed">Seed of System.Random.</param>
    /// <returns>Inputs <c>[B, T, 2]</c> float32 (channel 0 value, channel 1 marker 0/1), targets <c>[B, 1]</c> float32.</returns>
    public static Batch Generate(int batchSize, int sequenceLength, int seed)
    {
        GeneratorChecks.Positive(batchSize, nameof(batchSize));
        if (sequenceLength < 2) throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, "The adding problem needs at least 2 steps (one marker in each half).");
        var rng = new Random(seed);
        var x = new float[batchSize * sequenceLength * 2];
        var y = new float[batchSize];
        int half = sequenceLength / 2;
        for (int b = 0; b < batchSize; b++)
        {
            for (int t = 0; t < sequenceLength; t++) x[(b * sequenceLength + t) * 2] = (float)rng.NextDouble();
            int first = rng.Next(0, half);
            int second = rng.Next(half, sequenceLength);
            x[(b * sequenceLength + first) * 2 + 1] = 1;
            x[(b * sequenceLength + second) * 2 + 1] = 1;
            y[b] = x[(b * sequenceLength + first) * 2] + x[(b * sequenceLength + second) * 2];
        }
        return new Batch(torch.tensor(x, [batchSize, sequenceLength, 2], ScalarType.Float32),
                         torch.tensor(y, [batchSize, 1], ScalarType.Float32));
    }
}
