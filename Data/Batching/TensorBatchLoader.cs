using RnnZoo.Data.Sequences;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Batching;

/// <summary>
/// Mini-batches over in-memory tensors: seeded shuffling, drop-last, optional length bucketing, and each batch
/// trimmed to its longest sequence with the lengths carried for masking. The loader keeps references to the
/// tensors it was given (their owner disposes them); every tensor it yields is created when the batch is
/// enumerated and belongs to the caller's current DisposeScope.
/// </summary>
/// <example>
/// <code>
/// var loader = TensorBatchLoader.FromPadded(train.Pad(500, PaddingSide.Post),
///     new BatchLoaderOptions(BatchSize: 64, Seed: 1, BucketPoolBatches: 50));
/// foreach (var batch in loader.GetBatches(epoch))
/// {
///     using var scope = torch.NewDisposeScope();   // Inputs [64, Tmax], Targets [64], Lengths [64]
/// }
/// </code>
/// </example>
public sealed class TensorBatchLoader : IBatchSource
{
    private readonly Tensor _inputs;
    private readonly Tensor _targets;
    private readonly Tensor? _lengths;
    private readonly long[]? _lengthValues;
    private readonly int _count;

    /// <summary>Creates a loader.</summary>
    /// <param name="inputs"><c>[N, T]</c> int64 ids or <c>[N, T, F]</c> float32 (any tensor whose first axis is the sample).</param>
    /// <param name="targets"><c>[N, ...]</c>.</param>
    /// <param name="lengths"><c>[N]</c> int64 valid lengths (&lt;= T), or null when every sequence is full length.</param>
    /// <param name="options">Batching options.</param>
    public TensorBatchLoader(Tensor inputs, Tensor targets, Tensor? lengths, BatchLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "BatchSize must be at least 1.");
        if (options.BucketPoolBatches < 0) throw new ArgumentOutOfRangeException(nameof(options), options.BucketPoolBatches, "BucketPoolBatches must be >= 0 (0 turns bucketing off).");
        if (options.TrimMultiple < 1) throw new ArgumentOutOfRangeException(nameof(options), options.TrimMultiple, "TrimMultiple must be >= 1 (1 trims to the longest sequence exactly).");
        if (inputs.dim() < 1 || targets.dim() < 1) throw new ArgumentException($"Inputs and targets need a sample axis; got shapes [{string.Join(", ", inputs.shape)}] and [{string.Join(", ", targets.shape)}].");
        if (targets.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Expected {inputs.shape[0]} targets (one per input row), got {targets.shape[0]}.", nameof(targets));
        if (inputs.shape[0] > int.MaxValue) throw new ArgumentException("Too many samples for one loader.", nameof(inputs));
        _count = (int)inputs.shape[0];
        if (lengths is not null)
        {
            if (lengths.dim() != 1 || lengths.shape[0] != _count || lengths.dtype != ScalarType.Int64)
                throw new ArgumentException($"Expected lengths [{_count}] int64, got [{string.Join(", ", lengths.shape)}] {lengths.dtype}.", nameof(lengths));
            if (inputs.dim() < 2) throw new ArgumentException("Lengths need inputs with a time axis ([N, T] or [N, T, F]).", nameof(lengths));
            _lengthValues = lengths.cpu().data<long>().ToArray();
            long t = inputs.shape[1];
            if (_lengthValues.Any(l => l < 0 || l > t))
                throw new ArgumentException($"Every length must lie in [0, {t}] (the time axis of the inputs).", nameof(lengths));
        }
        else if (options.BucketPoolBatches > 0)
            throw new ArgumentException("Bucketing needs the sequence lengths.", nameof(lengths));
        if (options.DropLast && _count < options.BatchSize)
            throw new ArgumentException($"With DropLast, a batch size of {options.BatchSize} over {_count} samples leaves no batch.", nameof(options));
        _inputs = inputs; _targets = targets; _lengths = lengths; Options = options;
    }

    /// <summary>A loader over padded sequences (<see cref="PadSequences.Pad"/>); the padding side is taken from them.</summary>
    public static TensorBatchLoader FromPadded(PaddedSequences padded, BatchLoaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(padded);
        if (padded.Labels is null) throw new ArgumentException("The padded sequences carry no labels to use as targets.", nameof(padded));
        return new TensorBatchLoader(padded.Ids, padded.Labels, padded.Lengths, options with { Padding = padded.Padding });
    }

    /// <summary>The options in use.</summary>
    public BatchLoaderOptions Options { get; }

    /// <inheritdoc />
    public long SampleCount => _count;

    /// <inheritdoc />
    public int BatchCount => Options.DropLast ? _count / Options.BatchSize : (_count + Options.BatchSize - 1) / Options.BatchSize;

    /// <summary>The sample indices of every batch of <paramref name="epoch"/>: a pure function of (seed, epoch), no tensors made.</summary>
    public IReadOnlyList<int[]> GetBatchIndices(int epoch)
    {
        var rng = new Random(EpochSeed.Derive(Options.Seed, epoch));
        var order = Enumerable.Range(0, _count).ToArray();
        if (Options.Shuffle) rng.Shuffle(order);
        int b = Options.BatchSize;
        if (Options.DropLast) order = order[..(_count / b * b)];
        if (Options.BucketPoolBatches > 0)
        {
            int pool = b * Options.BucketPoolBatches;
            for (int start = 0; start < order.Length; start += pool)
            {
                var span = order.AsSpan(start, Math.Min(pool, order.Length - start));
                // Stable sort by length: ties keep their shuffled order.
                var sorted = span.ToArray().OrderBy(i => _lengthValues![i]).ToArray();
                sorted.CopyTo(span);
            }
        }
        var batches = new List<int[]>(BatchCount);
        for (int start = 0; start < order.Length; start += b) batches.Add(order[start..Math.Min(order.Length, start + b)]);
        // Bucketed batches come out sorted by length within a pool; shuffling their order avoids long runs of short (or long) batches.
        if (Options.BucketPoolBatches > 0 && Options.Shuffle)
        {
            var arr = batches.ToArray();
            rng.Shuffle(arr);
            batches = [.. arr];
        }
        return batches;
    }

    /// <inheritdoc />
    public IEnumerable<Batch> GetBatches(int epoch)
    {
        foreach (var indices in GetBatchIndices(epoch)) yield return MakeBatch(indices);
    }

    private Batch MakeBatch(int[] indices)
    {
        var idx = indices.Select(i => (long)i).ToArray();
        using var cpuIndex = torch.tensor(idx, ScalarType.Int64);
        using var inputIndex = _inputs.device_type == DeviceType.CPU ? null : cpuIndex.to(_inputs.device);
        using var targetIndex = _targets.device_type == DeviceType.CPU ? null : cpuIndex.to(_targets.device);
        Tensor inputs;
        Tensor? lengths = null;
        if (_lengths is not null)
        {
            lengths = torch.tensor(indices.Select(i => _lengthValues![i]).ToArray(), ScalarType.Int64);
            long t = _inputs.shape[1];
            long longest = Options.TrimToLongest ? Math.Max(1, indices.Max(i => _lengthValues![i])) : t;
            if (Options.TrimMultiple > 1) longest = Math.Min(t, (longest + Options.TrimMultiple - 1) / Options.TrimMultiple * Options.TrimMultiple);
            long start = Options.Padding == PaddingSide.Pre ? t - longest : 0;
            // Narrow first (a view), then gather: only the trimmed batch is allocated.
            using var view = _inputs.narrow(1, start, longest);
            inputs = view.index_select(0, inputIndex ?? cpuIndex);
        }
        else
            inputs = _inputs.index_select(0, inputIndex ?? cpuIndex);
        var targets = _targets.index_select(0, targetIndex ?? cpuIndex);
        return new Batch(inputs, targets, lengths);
    }
}
