using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Generators;

/// <summary>
/// Seeded generators of synthetic sequence tasks. Each draws from its own <see cref="System.Random"/> seeded by
/// the caller, so the same seed always gives the same data, independent of TorchSharp's global generator.
/// </summary>
public static class SequenceGenerators
{
    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, got {value}.");
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// Seed 001's <c>generate_data(batch_size, sequence_length)</c> (its body is elided in the seed; this is our
    /// reading): sine waves <c>x_t = sin(ω t + φ) + noise</c> with ω ~ U(0.1, 0.5) and φ ~ U(0, 2π) per sequence;
    /// the target at every step is the next clean value <c>sin(ω (t + 1) + φ)</c>.
    /// Inputs <c>[batch, length, 1]</c>, targets <c>[batch, length, 1]</c>.
    /// </summary>
    public static GeneratedData Sine(int batchSize, int sequenceLength, int seed, double noise = 0)
    {
        Positive(batchSize, nameof(batchSize)); Positive(sequenceLength, nameof(sequenceLength));
        if (noise < 0) throw new ArgumentOutOfRangeException(nameof(noise), noise, "noise must be zero or positive.");
        var random = new Random(seed);
        var x = new float[batchSize * sequenceLength];
        var y = new float[batchSize * sequenceLength];
        for (var b = 0; b < batchSize; b++)
        {
            var omega = 0.1 + 0.4 * random.NextDouble();
            var phi = 2 * Math.PI * random.NextDouble();
            for (var t = 0; t < sequenceLength; t++)
            {
                x[b * sequenceLength + t] = (float)(Math.Sin(omega * t + phi) + noise * Gaussian(random));
                y[b * sequenceLength + t] = (float)Math.Sin(omega * (t + 1) + phi);
            }
        }
        return new GeneratedData(tensor(x, new long[] { batchSize, sequenceLength, 1 }), tensor(y, new long[] { batchSize, sequenceLength, 1 }));
    }

    /// <summary>
    /// Sequences with seed 003's shapes: inputs <c>[N, steps, inputs]</c> drawn N(0, 1), and a target at every step
    /// <c>[N, steps, 1]</c> that depends on the past, so that the recurrence has something to learn:
    /// <c>y_t = 0.5 · y_{t−1} + mean(x_t)</c>, <c>y_{−1} = 0</c>. (The seed feeds random placeholders; we give them a
    /// learnable relation.)
    /// </summary>
    public static GeneratedData RandomSequences(int count, int steps = 10, int inputs = 10, int seed = 0)
    {
        Positive(count, nameof(count)); Positive(steps, nameof(steps)); Positive(inputs, nameof(inputs));
        var random = new Random(seed);
        var x = new float[count * steps * inputs];
        var y = new float[count * steps];
        for (var n = 0; n < count; n++)
        {
            double previous = 0;
            for (var t = 0; t < steps; t++)
            {
                double sum = 0;
                for (var i = 0; i < inputs; i++)
                {
                    var v = (float)Gaussian(random);
                    x[(n * steps + t) * inputs + i] = v;
                    sum += v;
                }
                previous = 0.5 * previous + sum / inputs;
                y[n * steps + t] = (float)previous;
            }
        }
        return new GeneratedData(tensor(x, new long[] { count, steps, inputs }), tensor(y, new long[] { count, steps, 1 }));
    }

    /// <summary>
    /// A sequence classification task whose label depends on the whole sequence (seed 000): inputs N(0, 1)
    /// <c>[N, steps, features]</c>; the label is the feature with the largest sum over all steps, so
    /// <c>classes = features</c>. Targets <c>[N]</c> int64.
    /// </summary>
    public static GeneratedData SumClassification(int count, int steps, int features, int seed)
    {
        Positive(count, nameof(count)); Positive(steps, nameof(steps)); Positive(features, nameof(features));
        var random = new Random(seed);
        var x = new float[count * steps * features];
        var y = new long[count];
        for (var n = 0; n < count; n++)
        {
            var sums = new double[features];
            for (var t = 0; t < steps; t++)
                for (var f = 0; f < features; f++)
                {
                    var v = (float)Gaussian(random);
                    x[(n * steps + t) * features + f] = v;
                    sums[f] += v;
                }
            y[n] = Array.IndexOf(sums, sums.Max());
        }
        return new GeneratedData(tensor(x, new long[] { count, steps, features }), tensor(y));
    }

    /// <summary>
    /// The adding problem (Hochreiter and Schmidhuber 1997; the form of Le et al. 2015): each step has a value
    /// U(0, 1) and a marker; exactly two markers are 1, one in each half of the sequence; the target is the
    /// sum of the two marked values. Inputs <c>[N, length, 2]</c> (value, marker), targets <c>[N, 1]</c>.
    /// Predicting the mean (1) scores MSE ≈ 0.167.
    /// </summary>
    public static GeneratedData Adding(int count, int length, int seed)
    {
        Positive(count, nameof(count));
        if (length < 2) throw new ArgumentOutOfRangeException(nameof(length), length, "length must be at least 2 (one marker in each half).");
        var random = new Random(seed);
        var x = new float[count * length * 2];
        var y = new float[count];
        var half = length / 2;
        for (var n = 0; n < count; n++)
        {
            for (var t = 0; t < length; t++) x[(n * length + t) * 2] = (float)random.NextDouble();
            var first = random.Next(0, half);
            var second = random.Next(half, length);
            x[(n * length + first) * 2 + 1] = 1;
            x[(n * length + second) * 2 + 1] = 1;
            y[n] = x[(n * length + first) * 2] + x[(n * length + second) * 2];
        }
        return new GeneratedData(tensor(x, new long[] { count, length, 2 }), tensor(y, new long[] { count, 1 }));
    }

    /// <summary>
    /// The copy-memory task (Hochreiter and Schmidhuber 1997; Arjovsky et al. 2016): a sequence of
    /// <paramref name="copyLength"/> symbols from 1..<paramref name="symbols"/>, then <paramref name="delay"/> blanks (0),
    /// a delimiter (symbols + 1) and copyLength − 1 more blanks; the target is blank everywhere except the last
    /// copyLength steps, which repeat the symbols. Inputs one-hot <c>[N, T, symbols + 2]</c>, targets ids <c>[N, T]</c>
    /// int64, with <c>T = delay + 2·copyLength</c>.
    /// </summary>
    public static GeneratedData CopyMemory(int count, int delay, int seed, int symbols = 8, int copyLength = 10)
    {
        Positive(count, nameof(count)); Positive(delay, nameof(delay)); Positive(symbols, nameof(symbols)); Positive(copyLength, nameof(copyLength));
        var random = new Random(seed);
        var length = delay + 2 * copyLength;
        var classes = symbols + 2;
        var x = new float[count * length * classes];
        var y = new long[count * length];
        for (var n = 0; n < count; n++)
        {
            var ids = new int[length];
            for (var k = 0; k < copyLength; k++) ids[k] = random.Next(1, symbols + 1);
            ids[copyLength + delay - 1 + 1] = symbols + 1; // the delimiter, right before the recall phase
            for (var t = 0; t < length; t++) x[(n * length + t) * classes + ids[t]] = 1;
            for (var k = 0; k < copyLength; k++) y[n * length + length - copyLength + k] = ids[k];
        }
        return new GeneratedData(tensor(x, new long[] { count, length, classes }), tensor(y, new long[] { count, length }));
    }
}
