using RnnZoo.Data.Sequences;

namespace RnnZoo.Data.Batching;

/// <summary>Options of <see cref="TensorBatchLoader"/>.</summary>
/// <param name="BatchSize">Sequences per batch (&gt;= 1).</param>
/// <param name="Shuffle">Shuffle every epoch (seeded by <paramref name="Seed"/> and the epoch); false keeps the data order.</param>
/// <param name="Seed">Seed of the shuffles.</param>
/// <param name="DropLast">Leave out the last, incomplete batch (the samples dropped change with the epoch's shuffle).</param>
/// <param name="BucketPoolBatches">Bucketing: 0 turns it off; k &gt; 0 sorts each pool of k * BatchSize (shuffled) samples by length
/// before cutting it into batches, so a batch holds sequences of similar length, and shuffles the order of the batches. Needs lengths.</param>
/// <param name="TrimToLongest">With lengths, cut each batch's inputs along time to its longest sequence (dropping trailing padding
/// for post-padded data, leading padding for pre-padded data).</param>
/// <param name="Padding">Side the padding of the inputs is on; decides which end trimming removes.</param>
/// <param name="TrimMultiple">Trimming keeps a multiple of this many steps (at most the data's length): fewer distinct
/// batch shapes for libtorch's per-shape caches (oneDNN keeps a primitive and its buffers for each of up to 1024 shapes);
/// 1 trims to the longest exactly.</param>
public sealed record BatchLoaderOptions(
    int BatchSize,
    bool Shuffle = true,
    int Seed = 0,
    bool DropLast = false,
    int BucketPoolBatches = 0,
    bool TrimToLongest = true,
    PaddingSide Padding = PaddingSide.Post,
    int TrimMultiple = 1);
