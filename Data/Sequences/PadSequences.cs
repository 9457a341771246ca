using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Sequences;

/// <summary>
/// Keras' <c>pad_sequences</c>, with the lengths of the unpadded sequences kept for masking.
/// </summary>
/// <remarks>
/// Exactly Keras' rule: with <c>maxlen</c> null the longest sequence sets it; a longer sequence is cut to
/// <c>maxlen</c>, keeping its last items (<c>truncating='pre'</c>, <c>s[-maxlen:]</c>) or its first
/// (<c>'post'</c>, <c>s[:maxlen]</c>); the kept items go at the end of the row (<c>padding='pre'</c>) or at its
/// start (<c>'post'</c>); the rest is <c>value</c>. Keras' defaults are pre/pre/0. From Keras' documentation:
/// <c>[[1],[2,3],[4,5,6]]</c> gives <c>[[0,0,1],[0,2,3],[4,5,6]]</c>; with <c>padding='post'</c>
/// <c>[[1,0,0],[2,3,0],[4,5,6]]</c>; with <c>maxlen=2</c> <c>[[0,1],[2,3],[5,6]]</c>.
/// </remarks>
public static class PadSequences
{
    /// <summary>Pads into .NET arrays: row-major ids <c>[N * maxlen]</c>, lengths <c>[N]</c>, and the maxlen used.</summary>
    public static (long[] Ids, long[] Lengths, int MaxLen) PadToArrays(
        IReadOnlyList<int[]> sequences, int? maxlen = null,
        PaddingSide padding = PaddingSide.Pre, PaddingSide truncating = PaddingSide.Pre, long value = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (maxlen is <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxlen), maxlen, "maxlen must be positive: a padded length of 0 would drop every item.");
        int width = maxlen ?? (sequences.Count == 0 ? 0 : sequences.Max(s => s.Length));
        var ids = new long[(long)sequences.Count * width];
        if (value != 0) Array.Fill(ids, value);
        var lengths = new long[sequences.Count];
        for (int i = 0; i < sequences.Count; i++)
        {
            var s = sequences[i];
            int keep = Math.Min(s.Length, width);
            int from = truncating == PaddingSide.Pre ? s.Length - keep : 0;
            long rowStart = (long)i * width + (padding == PaddingSide.Pre ? width - keep : 0);
            for (int k = 0; k < keep; k++) ids[rowStart + k] = s[from + k];
            lengths[i] = keep;
        }
        return (ids, lengths, width);
    }

    /// <summary>Pads <paramref name="sequences"/> into tensors: ids <c>[N, maxlen]</c> int64, lengths <c>[N]</c> int64,
    /// and labels <c>[N]</c> int64 when given. See the class remarks for the rule.</summary>
    public static PaddedSequences Pad(
        IReadOnlyList<int[]> sequences, int? maxlen = null,
        PaddingSide padding = PaddingSide.Pre, PaddingSide truncating = PaddingSide.Pre, long value = 0,
        IReadOnlyList<int>? labels = null)
    {
        if (labels is not null && labels.Count != sequences.Count)
            throw new ArgumentException($"Expected one label per sequence ({sequences.Count}), got {labels.Count}.", nameof(labels));
        var (ids, lengths, width) = PadToArrays(sequences, maxlen, padding, truncating, value);
        var idTensor = torch.tensor(ids, [sequences.Count, width], ScalarType.Int64);
        var lengthTensor = torch.tensor(lengths, ScalarType.Int64);
        var labelTensor = labels is null ? null : torch.tensor(labels.Select(l => (long)l).ToArray(), ScalarType.Int64);
        return new PaddedSequences(idTensor, lengthTensor, labelTensor, padding);
    }
}
