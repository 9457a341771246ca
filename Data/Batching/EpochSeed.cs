namespace RnnZoo.Data.Batching;

/// <summary>Derives the seed of one epoch (or one batch) from a base seed, so that batches are a pure function of (seed, epoch).</summary>
public static class EpochSeed
{
    /// <summary>SplitMix64 of the base seed and the epoch, folded to a non-negative int (stable across runs and platforms,
    /// unlike <see cref="HashCode"/>).</summary>
    public static int Derive(int seed, int epoch, int salt = 0)
    {
        ulong z = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)(uint)epoch * 0xBF58476D1CE4E5B9UL + (ulong)(uint)salt * 0x94D049BB133111EBUL + 0x2545F4914F6CDD1DUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
