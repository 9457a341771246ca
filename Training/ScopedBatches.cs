using RnnZoo.Data.Batching;
using static TorchSharp.torch;

namespace RnnZoo.Training;

/// <summary>Batches each inside a DisposeScope of its own: the one way the harness's loops walk a batch source.</summary>
public static class ScopedBatches
{
    /// <summary>
    /// Yields each batch inside a DisposeScope of its own, opened before the batch is drawn (so the tensors the source
    /// makes for it are freed with it, not left to the GC) and closed when the caller's loop asks for the next one.
    /// What the caller keeps beyond its batch it moves out (<c>MoveToOuterDisposeScope</c>) on purpose.
    /// </summary>
    public static IEnumerable<Batch> Of(IEnumerable<Batch> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        using var enumerator = batches.GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!enumerator.MoveNext()) yield break;
            yield return enumerator.Current;
        }
    }
}
