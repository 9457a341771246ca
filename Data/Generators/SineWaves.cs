using RnnZoo.Data.Batching;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Generators;

/// <summary>
/// Sine sequences for next-step prediction, our body for seed 001's <c>generate_data(batch_size, sequence_length)</c>
/// (the seed leaves it as a stub). Sequence b is <c>sin(ω_b t + φ_b)</c> for t = 0..T, with phase φ_b uniform in
/// [0, 2π) and angular frequency ω_b uniform in [<c>minFrequency</c>, <c>maxFrequency</c>] radians per step; the
/// inputs are steps 0..T-1 plus optional Gaussian noise, the targets the clean values at steps 1..T (the next value),
/// matching seed 001's <c>RNN(return_sequences=True)</c> + <c>Dense(1)</c>. Randomness: <see cref="System.Random"/>
/// seeded with <c>seed</c> for phases and frequencies, and a second one seeded with <c>~seed</c> for the noise (Box-Muller),
/// so the same arguments give the same data on every platform and the noise level does not change the clean waves.
/// </summary>
public static class SineWaves
{
    /// <summary>Generates one batch.</summary>
    /// <param name="batchSize">B.</param>
    /// <param name="sequenceLength">T.</param>
    /// <param name="seed">Seed of System.Random.</param>
    /// <param name="noiseStd">Standard deviation of the input noise (0: clean sine).</param>
    /// <param name="minFrequency">Smallest ω (radians per step).</param>
    /// <param name="maxFrequency">Largest ω.</param>
    /// <returns>Inputs <c>[B, T, 1]</c> float32, targets <c>[B, T, 1]</c> float32, no lengths.</returns>
    public static Batch Generate(int batchSize, int sequenceLength, int seed, double noiseStd = 0, double minFrequency = 0.1, double maxFrequency = 0.5)
    {
        GeneratorChecks.Positive(batchSize, nameof(batchSize));
        GeneratorChecks.Positive(sequenceLength, nameof(sequenceLength));
        if (noiseStd < 0) throw new ArgumentOutOfRangeException(nameof(noiseStd), noiseStd, "Noise standard deviation must be >= 0.");
        if (!(maxFrequency >= minFrequency && minFrequency > 0)) throw new ArgumentOutOfRangeException(nameof(maxFrequency), "Need 0 < minFrequency <= maxFrequency.");
        var rng = new Random(seed);
        var noiseRng = new Random(~seed);
        var x = new float[batchSize * sequenceLength];
        var y = new float[batchSize * sequenceLength];
        for (int b = 0; b < batchSize; b++)
        {
            double phase = rng.NextDouble() * 2 * Math.PI;
            double omega = minFrequency + rng.NextDouble() * (maxFrequency - minFrequency);
            for (int t = 0; t < sequenceLength; t++)
            {
                double noise = noiseStd > 0 ? noiseStd * GeneratorChecks.Gaussian(noiseRng) : 0;
                x[b * sequenceLength + t] = (float)(Math.Sin(omega * t + phase) + noise);
                y[b * sequenceLength + t] = (float)Math.Sin(omega * (t + 1) + phase);
            }
        }
        return new Batch(torch.tensor(x, [batchSize, sequenceLength, 1], ScalarType.Float32),
                         torch.tensor(y, [batchSize, sequenceLength, 1], ScalarType.Float32));
    }
}
