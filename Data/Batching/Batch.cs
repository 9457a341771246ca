using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Batching;

/// <summary>One mini-batch of sequences.</summary>
/// <param name="Inputs"><c>[batch, time]</c> int64 token ids, or <c>[batch, time, features]</c> float32 values.</param>
/// <param name="Targets">Class labels <c>[batch]</c> (int64), or regression targets (float32, e.g. <c>[batch, horizon, outputs]</c>).</param>
/// <param name="Lengths"><c>[batch]</c> int64 on the CPU: valid length of each sequence (padding excluded), or null when all are full length.</param>
public sealed record Batch(Tensor Inputs, Tensor Targets, Tensor? Lengths = null)
{
    /// <summary>Number of sequences in the batch.</summary>
    public long Size => Inputs.shape[0];
}
