using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// tanh for the inference steppers (no gradients), as tanh(x) = 2σ(2x) − 1. On the development machine (AMD EPYC,
/// Zen 3, AVX2) libtorch 2.10's tanh, like its exp, takes 3.4 ns an element against 0.8 ns for its sigmoid (1M floats,
/// one thread, processor time), so four cheap passes beat one tanh: 34 µs against 83 µs on <c>[64, 400]</c>.
/// The two agree to a few units in the last place (the parity tests hold them to 1e-5).
/// </summary>
internal static class SigmoidTanh
{
    /// <summary>tanh of <paramref name="x"/>, written into <paramref name="x"/>.</summary>
    public static Tensor InPlace(Tensor x) => x.mul_(2).sigmoid_().mul_(2).sub_(1);
}
