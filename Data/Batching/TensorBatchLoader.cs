using RnnZoo.Data.Sequences;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Batching;

/// <summary>
/// Mini-batches over in-memory tensors: batch size, seeded shuffling, drop-last, and optional bucketing of
/// variable-length sequences (batches of similar length, each trimmed to its longest sequence). Each batch
/// carries the lengths for the models' masking. The batches of an epoch are a pure function of
/// (seed, epoch), so a resumed training run replays them exactly.
/// </summary>
/// <remarks>
/// Tensors of a batch are created when the batch is enumerated and belong to the caller's DisposeScope.
/// The loader's own tensors (the data) are owned by the caller and are not disposed by the loader.
/// </remarks>
public sealed class TensorBatchLoader : IBatchSource
{
    private readonly Tensor _inputs, _targets;
    private readonly long[]? _lengths;

    /// <summary>Creates the loader.</summary>
    /// <param name="inputs"><c>[N, T]</c> ids or <c>[N, T, F]</c> features.</param>
    /// <param name="targets"><c>[N, ...]</c>.</param>
    /// <param name="lengths">Valid length of each sequence (null: all full length).</param>
    /// <param name="batchSize">Sequences per batch.</param>
    /// <param name="shuffle">Shuffle the order every epoch (seeded by <paramref name="seed"/> and the epoch).</param>
    /// <param name="seed">Seed of the shuffling.</param>
    /// <param name="dropLast">Drop a last batch smaller than <paramref name="batchSize"/>.</param>
    /// <param name="bucketing">Group sequences of similar length and trim each batch to its longest (needs lengths).</param>
    /// <param name="padding">Where the inputs are padded: trimming removes columns from that side.</param>
    /// <param name="targetsFollowTime">Targets have a time axis (dim 1) to trim with the inputs (many-to-many tasks).</param>
    public TensorBatchLoader(Tensor inputs, Tensor targets, long[]? lengths, int batchSize, bool shuffle = true, int seed = 0,
        bool dropLast = false, bool bucketing = false, PadSide padding = PadSide.Post, bool targetsFollowTime = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"batchSize must be positive, got {batchSize}.");
        if (inputs.dim() < 2) throw new ArgumentException($"inputs: expected [N, T] or [N, T, F], got {inputs.dim()} dimensions.", nameof(inputs));
        if (targets.shape[0] != inputs.shape[0]) throw new ArgumentException($"targets: expected {inputs.shape[0]} rows like inputs, got {targets.shape[0]}.", nameof(targets));
        if (lengths is not null && lengths.Length != inputs.shape[0]) throw new ArgumentException($"lengths: expected {inputs.shape[0]} values, got {lengths.Length}.", nameof(lengths));
        if (lengths is not null && lengths.Any(l => l < 1 || l > inputs.shape[1])) throw new ArgumentException($"lengths: each must be in [1, {inputs.shape[1]}].", nameof(lengths));
        if (bucketing && lengths is null) throw new ArgumentException("bucketing needs the sequence lengths.", nameof(bucketing));
        (_inputs, _targets, _lengths) = (inputs, targets, lengths);
        (BatchSize, Shuffle, Seed, DropLast, Bucketing, Padding, TargetsFollowTime) = (batchSize, shuffle, seed, dropLast, bucketing, padding, targetsFollowTime);
    }

    /// <summary>Sequences per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Whether the order is shuffled each epoch.</summary>
    public bool Shuffle { get; }
    /// <summary>Seed of the shuffling.</summary>
    public int Seed { get; }
    /// <summary>Whether a short last batch is dropped.</summary>
    public bool DropLast { get; }
    /// <summary>Whether batches group similar lengths and are trimmed.</summary>
    public bool Bucketing { get; }
    /// <summary>Which side of the inputs holds the padding.</summary>
    public PadSide Padding { get; }
    /// <summary>Whether targets are trimmed along time with the inputs.</summary>
    public bool TargetsFollowTime { get; }

    /// <inheritdoc />
    public long SampleCount => DropLast ? (long)BatchCount * BatchSize : _inputs.shape[0];

    /// <inheritdoc />
    public int BatchCount => (int)(DropLast ? _inputs.shape[0] / BatchSize : (_inputs.shape[0] + BatchSize - 1) / BatchSize);

    /// <summary>The sample indices of each batch of <paramref name="epoch"/>, in the order they are served.</summary>
    public List<int[]> Plan(int epoch)
    {
        var n = (int)_inputs.shape[0];
        var order = Enumerable.Range(0, n).ToArray();
        // Generators seeded by (seed, epoch): an epoch's order never depends on the epochs before it.
        if (Shuffle) new Random(Mix(Seed, epoch, 1)).Shuffle(order);
        if (Bucketing)
        {
            // Sort by length within pools of 50 batches of the (shuffled) order: batches hold similar lengths
            // while each pool stays a random draw; the order of the batches is shuffled below.
            var pool = BatchSize * 50;
            var byLength = Comparer<int>.Create((a, b) => _lengths![a] != _lengths[b] ? _lengths[a].CompareTo(_lengths[b]) : a.CompareTo(b));
            for (var start = 0; start < n; start += pool) Array.Sort(order, start, Math.Min(pool, n - start), byLength);
        }
        var batches = new List<int[]>();
        for (var start = 0; start < n; start += BatchSize)
        {
            var count = Math.Min(BatchSize, n - start);
            if (count < BatchSize && DropLast) break;
            batches.Add(order[start..(start + count)]);
        }
        if (Bucketing && Shuffle)
        {
            var array = batches.ToArray();
            new Random(Mix(Seed, epoch, 2)).Shuffle(array);
            return array.ToList();
        }
        return batches;
    }

    // A fixed mix of the seed, the epoch and a stream number (HashCode.Combine is randomised per process,
    // which would break resuming in another process).
    private static int Mix(int seed, int epoch, int stream) =>
        unchecked((int)((uint)seed * 2654435761u ^ (uint)epoch * 40503u ^ (uint)stream * 2246822519u));

    /// <inheritdoc />
    public IEnumerable<Batch> GetBatches(int epoch)
    {
        foreach (var indices in Plan(epoch)) yield return Take(indices);
    }

    private Batch Take(int[] indices)
    {
        var index = tensor(indices.Select(i => (long)i).ToArray());
        var inputs = _inputs.index_select(0, index);
        var targets = _targets.index_select(0, index);
        Tensor? lengths = null;
        if (_lengths is not null)
        {
            var batchLengths = indices.Select(i => _lengths[i]).ToArray();
            lengths = tensor(batchLengths);
            if (Bucketing)
            {
                var time = inputs.shape[1];
                var longest = batchLengths.Max();
                if (longest < time)
                {
                    var from = Padding == PadSide.Post ? 0 : time - longest;
                    inputs = inputs.narrow(1, from, longest);
                    if (TargetsFollowTime) targets = targets.narrow(1, from, longest);
                }
            }
        }
        return new Batch(inputs, targets, lengths);
    }
}
