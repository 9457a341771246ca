using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// Reverses the valid part of each post-padded sequence in one row copy: step t of sequence b takes step
/// <c>length_b − 1 − t</c> for t &lt; length_b; padding stays where it is. The permutation is its own inverse,
/// so the same indices reverse the outputs back.
/// </summary>
public static class SequenceReversal
{
    /// <summary>
    /// Row indices <c>[batch × time]</c> (int64, on <paramref name="device"/>) into a sequence viewed as
    /// <c>[batch × time, features]</c>, or null for a plain flip (no lengths).
    /// </summary>
    public static Tensor? Indices(Tensor? lengths, long time, Device device)
    {
        if (lengths is null) return null;
        var steps = arange(time, dtype: ScalarType.Int64, device: device).unsqueeze(0); // [1, T]
        var lens = lengths.to(device).unsqueeze(1);                                     // [B, 1]
        var rows = arange(lengths.shape[0], dtype: ScalarType.Int64, device: device).unsqueeze(1) * time; // [B, 1]
        return (where(steps < lens, lens - 1 - steps, steps) + rows).flatten();
    }

    /// <summary>Reverses <paramref name="sequence"/> <c>[batch, time, features]</c> along time within each valid part.</summary>
    /// <remarks>Whole rows of features are copied (index_select), not element by element (a gather with expanded indices).</remarks>
    public static Tensor Reverse(Tensor sequence, Tensor? indices)
    {
        if (indices is null) return sequence.flip(1);
        var (batch, time, features) = (sequence.shape[0], sequence.shape[1], sequence.shape[2]);
        return sequence.reshape(batch * time, features).index_select(0, indices).view(batch, time, features);
    }
}
