using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// tanh for the inference steppers (no gradients), as tanh(x) = 2σ(2x) − 1. libtorch's tanh goes through MKL's vector
/// maths, which on the development machine's AMD EPYC runs at 3.4 ns an element against 0.8 ns for libtorch's own
/// sigmoid (1M floats, one thread), so four cheap passes beat one tanh: 34 µs against 83 µs on <c>[64, 400]</c>.
/// The two agree to a few units in the last place.
/// </summary>
internal static class SigmoidTanh
{
    /// <summary>tanh of <paramref name="x"/>, written into <paramref name="x"/>.</summary>
    public static Tensor InPlace(Tensor x) => x.mul_(2).sigmoid_().mul_(2).sub_(1);

    /// <summary>tanh of <paramref name="x"/> in a new tensor (<paramref name="x"/> is left alone).</summary>
    public static Tensor Of(Tensor x) => x.mul(2).sigmoid_().mul_(2).sub_(1);
}
