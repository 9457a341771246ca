using RnnZoo.Data.Batching;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Generators;

/// <summary>
/// The copy-memory task (Hochreiter and Schmidhuber 1997; in the form of Arjovsky et al. 2016). Alphabet:
/// 0 blank, 1..<c>symbols</c> data, <c>symbols + 1</c> the delimiter. The input is <c>copyLength</c> random data
/// symbols, then <c>delay - 1</c> blanks, the delimiter, and <c>copyLength</c> blanks (length
/// <c>delay + 2 * copyLength</c>); the target is blank for <c>delay + copyLength</c> steps, then the data symbols
/// again. Randomness: System.Random(<c>seed</c>).
/// </summary>
public static class CopyMemory
{
    /// <summary>Id of the blank symbol.</summary>
    public const long Blank = 0;

    /// <summary>Generates one batch.</summary>
    /// <param name="batchSize">B.</param>
    /// <param name="delay">Steps between the end of the data and the delimiter plus one (the sequence length parameter, at least 1).</param>
    /// <param name="seed">Seed of System.Random.</param>
    /// <param name="copyLength">Number of symbols to remember (10 in Arjovsky et al.).</param>
    /// <param name="symbols">Number of distinct data symbols (8 in Arjovsky et al.).</param>
    /// <returns>Inputs <c>[B, delay + 2 * copyLength]</c> int64 ids, targets of the same shape (int64 class per step);
    /// the delimiter id is <c>symbols + 1</c>, so a model needs <c>symbols + 2</c> classes.</returns>
    public static Batch Generate(int batchSize, int delay, int seed, int copyLength = 10, int symbols = 8)
    {
        GeneratorChecks.Positive(batchSize, nameof(batchSize));
        GeneratorChecks.Positive(delay, nameof(delay));
        GeneratorChecks.Positive(copyLength, nameof(copyLength));
        GeneratorChecks.Positive(symbols, nameof(symbols));
        var rng = new Random(seed);
        int length = delay + 2 * copyLength;
        var x = new long[batchSize * length];
        var y = new long[batchSize * length];
        for (int b = 0; b < batchSize; b++)
        {
            int row = b * length;
            for (int k = 0; k < copyLength; k++)
            {
                long s = rng.Next(1, symbols + 1);
                x[row + k] = s;
                y[row + delay + copyLength + k] = s;
            }
            x[row + copyLength + delay - 1] = symbols + 1;
        }
        return new Batch(torch.tensor(x, [batchSize, length], ScalarType.Int64), torch.tensor(y, [batchSize, length], ScalarType.Int64));
    }
}
