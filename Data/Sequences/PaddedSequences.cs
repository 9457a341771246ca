using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Sequences;

/// <summary>
/// Sequences padded to a common length, with the lengths of the unpadded (truncated) sequences for masking.
/// The tensors belong to the DisposeScope that was current when they were made.
/// </summary>
/// <param name="Ids"><c>[N, maxlen]</c> int64.</param>
/// <param name="Lengths"><c>[N]</c> int64 on the CPU: number of real items per row (0 for an empty sequence).</param>
/// <param name="Labels"><c>[N]</c> int64 labels, or null when none were given.</param>
/// <param name="Padding">Side the padding is on; with <see cref="PaddingSide.Pre"/> the real items of row i are its last <c>Lengths[i]</c>.</param>
public sealed record PaddedSequences(Tensor Ids, Tensor Lengths, Tensor? Labels, PaddingSide Padding)
{
    /// <summary>Number of rows N.</summary>
    public long Count => Ids.shape[0];
    /// <summary>Padded length (columns).</summary>
    public long MaxLen => Ids.shape[1];
}
