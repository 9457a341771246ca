using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// Reverses the valid part of each post-padded sequence in one gather: step t of sequence b takes step
/// <c>length_b − 1 − t</c> for t &lt; length_b; padding stays where it is. The permutation is its own inverse,
/// so the same indices reverse the outputs back.
/// </summary>
public static class SequenceReversal
{
    /// <summary>Gather indices <c>[batch, time]</c> (int64, on <paramref name="device"/>), or null for a plain flip.</summary>
    public static Tensor? Indices(Tensor? lengths, long time, Device device)
    {
        if (lengths is null) return null;
        var steps = arange(time, dtype: ScalarType.Int64, device: device).unsqueeze(0); // [1, T]
        var lens = lengths.to(device).unsqueeze(1);                                     // [B, 1]
        return where(steps < lens, lens - 1 - steps, steps);
    }

    /// <summary>Reverses <paramref name="sequence"/> <c>[batch, time, features]</c> along time within each valid part.</summary>
    public static Tensor Reverse(Tensor sequence, Tensor? indices) =>
        indices is null
            ? sequence.flip(1)
            : sequence.gather(1, indices.unsqueeze(-1).expand(sequence.shape[0], sequence.shape[1], sequence.shape[2]));
}
