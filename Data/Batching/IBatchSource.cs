namespace RnnZoo.Data.Batching;

/// <summary>
/// A source of mini-batches for training or evaluation. The batches of an epoch are a pure function of
/// the source's seed and the epoch number, so that a resumed run replays exactly the same batches.
/// </summary>
public interface IBatchSource
{
    /// <summary>Number of samples (sequences) in one pass over the source.</summary>
    long SampleCount { get; }

    /// <summary>Number of batches in one epoch.</summary>
    int BatchCount { get; }

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/> (0-based). Tensors are created lazily, one batch at a
    /// time, and belong to the caller's current DisposeScope.
    /// </summary>
    IEnumerable<Batch> GetBatches(int epoch);
}
