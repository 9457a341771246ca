using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Tasks;

/// <summary>Pooling of post-padded recurrent outputs over their valid steps.</summary>
public static class SequencePooling
{
    /// <summary>
    /// Pools <paramref name="outputs"/> <c>[batch, time, directions * hidden]</c> to <c>[batch, directions * hidden]</c>.
    /// </summary>
    /// <param name="outputs">Recurrent outputs, zero past each length.</param>
    /// <param name="lengths"><c>[batch]</c> int64 CPU, or null for full-length sequences.</param>
    /// <param name="directions">1, or 2 for a bidirectional network with concatenated directions.</param>
    /// <param name="pooling">Which pooling.</param>
    public static Tensor Pool(Tensor outputs, Tensor? lengths, int directions, Pooling pooling)
    {
        var (batch, time) = (outputs.shape[0], outputs.shape[1]);
        switch (pooling)
        {
            case Pooling.Last:
                {
                    // The last valid step of each sequence: a gather at length − 1 (post-padding).
                    var last = lengths is null
                        ? outputs[.., ^1, ..]
                        : outputs.gather(1, (lengths.to(outputs.device) - 1).view(batch, 1, 1).expand(batch, 1, outputs.shape[2])).squeeze(1);
                    if (directions == 1) return last;
                    // The backward direction has read the whole sequence at step 0.
                    var halves = last.chunk(2, 1);
                    var first = outputs[.., 0, ..].chunk(2, 1);
                    return cat(new[] { halves[0], first[1] }, 1);
                }
            case Pooling.Mean:
                {
                    if (lengths is null) return outputs.mean(new long[] { 1 });
                    // Outputs are zero past the length, so the sum over all steps is the sum over valid ones.
                    return outputs.sum(1) / lengths.to(outputs.device).to(outputs.dtype).unsqueeze(1);
                }
            case Pooling.Max:
                {
                    if (lengths is null) return outputs.amax(new long[] { 1 });
                    var padding = (arange(time, device: outputs.device).unsqueeze(0) >= lengths.to(outputs.device).unsqueeze(1)).unsqueeze(-1);
                    return outputs.masked_fill(padding, double.NegativeInfinity).amax(new long[] { 1 });
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling.");
        }
    }
}
