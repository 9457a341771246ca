using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Data.Sequences;

/// <summary>Where padding or truncation happens (Keras' <c>padding</c> / <c>truncating</c>: 'pre' or 'post').</summary>
public enum PadSide
{
    /// <summary>At the start of the sequence (Keras' default).</summary>
    Pre,
    /// <summary>At the end of the sequence (what the models' lengths assume).</summary>
    Post,
}

/// <summary>Padded sequences and the length of each before padding (after truncation).</summary>
/// <param name="Values"><c>[count, maxlen]</c> row-major.</param>
/// <param name="Lengths">Valid tokens per row (zero for an empty sequence).</param>
/// <param name="MaxLen">Columns.</param>
public sealed record PaddedSequences(long[] Values, long[] Lengths, int MaxLen)
{
    /// <summary>Number of rows.</summary>
    public int Count => Lengths.Length;

    /// <summary><c>[count, maxlen]</c> int64 tensor.</summary>
    public Tensor ToTensor() => tensor(Values, new long[] { Count, MaxLen });

    /// <summary><c>[count]</c> int64 tensor of lengths.</summary>
    public Tensor LengthsTensor() => tensor(Lengths);
}

/// <summary>Keras' <c>pad_sequences</c>, exactly, plus the lengths for masking.</summary>
public static class PadSequences
{
    /// <summary>
    /// Pads (or truncates) every sequence to <paramref name="maxLen"/> (default: the longest), Keras' rules:
    /// a longer sequence loses its first (<c>truncating: Pre</c>) or last (<c>Post</c>) elements; a shorter one is
    /// filled with <paramref name="value"/> before (<c>padding: Pre</c>) or after (<c>Post</c>) it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxLen"/> is not positive.</exception>
    public static PaddedSequences Pad(IReadOnlyList<IReadOnlyList<int>> sequences, int? maxLen = null,
        PadSide padding = PadSide.Pre, PadSide truncating = PadSide.Pre, long value = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var width = maxLen ?? (sequences.Count == 0 ? 0 : sequences.Max(s => s.Count));
        if (maxLen is <= 0) throw new ArgumentOutOfRangeException(nameof(maxLen), maxLen, $"maxLen must be positive, got {maxLen}.");
        var values = new long[(long)sequences.Count * width];
        if (value != 0) Array.Fill(values, value);
        var lengths = new long[sequences.Count];
        for (var i = 0; i < sequences.Count; i++)
        {
            var s = sequences[i];
            var keep = Math.Min(s.Count, width);
            var from = truncating == PadSide.Pre ? s.Count - keep : 0;
            var to = padding == PadSide.Post ? 0 : width - keep;
            var row = (long)i * width;
            for (var j = 0; j < keep; j++) values[row + to + j] = s[from + j];
            lengths[i] = keep;
        }
        return new PaddedSequences(values, lengths, width);
    }
}
