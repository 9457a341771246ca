namespace RnnZoo.Data.Batching;

/// <summary>
/// A batch source over a generator (e.g. <see cref="Generators.AddingProblem.Generate"/>): batch k of epoch e is
/// <c>generate(EpochSeed.Derive(seed, e, k))</c>, fresh data every epoch and the same data on replay.
/// </summary>
public sealed class GeneratedBatchSource : IBatchSource
{
    private readonly Func<int, Batch> _generate;
    private readonly int _seed;

    /// <summary>Creates the source.</summary>
    /// <param name="batchCount">Batches per epoch.</param>
    /// <param name="batchSize">Samples per batch (what <paramref name="generate"/> makes).</param>
    /// <param name="seed">Base seed.</param>
    /// <param name="generate">Makes one batch from a seed; its tensors belong to the caller's scope.</param>
    public GeneratedBatchSource(int batchCount, int batchSize, int seed, Func<int, Batch> generate)
    {
        if (batchCount < 1) throw new ArgumentOutOfRangeException(nameof(batchCount), batchCount, "batchCount must be at least 1.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        BatchCount = batchCount; BatchSize = batchSize; _seed = seed; _generate = generate ?? throw new ArgumentNullException(nameof(generate));
    }

    /// <summary>Samples per batch.</summary>
    public int BatchSize { get; }
    /// <inheritdoc />
    public long SampleCount => (long)BatchCount * BatchSize;
    /// <inheritdoc />
    public int BatchCount { get; }

    /// <inheritdoc />
    public IEnumerable<Batch> GetBatches(int epoch)
    {
        for (int k = 0; k < BatchCount; k++) yield return _generate(EpochSeed.Derive(_seed, epoch, k + 1));
    }
}
