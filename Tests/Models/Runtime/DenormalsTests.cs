using RnnZoo.Models.Runtime;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Runtime;

[TestFixture]
public class DenormalsTests
{
    [Test]
    public void Flush_MakesDenormalArithmeticZero_AndCanBeTurnedOff()
    {
        using var scope = NewDisposeScope();
        const float tiny = 1e-39f; // below float's smallest normal number, 1.18e-38
        // Bits, not float comparisons: with denormals-are-zero on this thread, managed float arithmetic flushes them too.
        static int Bits(float f) => BitConverter.SingleToInt32Bits(f);
        Assert.That(Bits(tiny) >> 23, Is.Zero, "exponent bits 0: subnormal");
        var t = tensor(new[] { tiny });
        try
        {
            Assert.That(Denormals.Flush(false), Is.True, "libtorch offers the setting");
            Assert.That(Bits((t * 1.0f).item<float>()), Is.EqualTo(Bits(tiny)), "kept: IEEE arithmetic");
            Assert.That(Denormals.Flush(true), Is.True);
            Assert.That(Bits((t * 1.0f).item<float>()), Is.Zero, "flushed to zero");
            Assert.That((tensor(new[] { 1e-30f }) * 1e-2f).item<float>(), Is.EqualTo(1e-32f).Within(1e-38f), "normal numbers are untouched");
        }
        finally
        {
            Denormals.Flush(true); // the harness's default
        }
    }
}
