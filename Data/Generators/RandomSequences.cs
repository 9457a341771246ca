using RnnZoo.Data.Batching;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Generators;

/// <summary>
/// Random input sequences with the shapes of seed 003 (<c>x: [None, num_steps, num_inputs]</c>,
/// <c>y: [None, num_steps, num_outputs]</c>, defaults 10 steps, 10 inputs, 1 output). The seed feeds
/// placeholders without saying what the data is, so the target here is our choice, documented: a learnable
/// linear recurrence that needs memory, <c>y_t = mean_i(x_{t,i}) + 0.5 * y_{t-1}</c> with <c>y_{-1} = 0</c>,
/// with inputs drawn from N(0, 1) (System.Random seeded with <c>seed</c>, Box-Muller).
/// </summary>
public static class RandomSequences
{
    /// <summary>Seed 003's number of input features.</summary>
    public const int Seed003Inputs = 10;
    /// <summary>Seed 003's number of time steps.</summary>
    public const int Seed003Steps = 10;

    /// <summary>Generates one batch.</summary>
    /// <returns>Inputs <c>[B, steps, inputs]</c> float32, targets <c>[B, steps, 1]</c> float32.</returns>
    public static Batch Generate(int batchSize, int seed, int steps = Seed003Steps, int inputs = Seed003Inputs)
    {
        GeneratorChecks.Positive(batchSize, nameof(batchSize));
        GeneratorChecks.Positive(steps, nameof(steps));
        GeneratorChecks.Positive(inputs, nameof(inputs));
        var rng = new Random(seed);
        var x = new float[batchSize * steps * inputs];
        var y = new float[batchSize * steps];
        for (int b = 0; b < batchSize; b++)
        {
            double previous = 0;
            for (int t = 0; t < steps; t++)
            {
                double sum = 0;
                for (int i = 0; i < inputs; i++)
                {
                    var v = (float)GeneratorChecks.Gaussian(rng);
                    x[(b * steps + t) * inputs + i] = v;
                    sum += v;
                }
                previous = sum / inputs + 0.5 * previous;
                y[b * steps + t] = (float)previous;
            }
        }
        return new Batch(torch.tensor(x, [batchSize, steps, inputs], ScalarType.Float32),
                         torch.tensor(y, [batchSize, steps, 1], ScalarType.Float32));
    }
}
