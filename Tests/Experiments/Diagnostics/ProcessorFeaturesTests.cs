using System.Runtime.Intrinsics.X86;
using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Tests.Experiments.Diagnostics;

[TestFixture]
public class ProcessorFeaturesTests
{
    [Test]
    public void FromCpuInfo_ReadsTheFirstProcessorsModelAndFlags()
    {
        const string cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8480+\n" +
                               "flags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw avx512_bf16 amx_tile\n\n" +
                               "processor\t: 1\nmodel name\t: Other\nflags\t\t: fpu\n";
        var features = ProcessorFeatures.FromCpuInfo(cpuinfo);
        Assert.That(features.Model, Is.EqualTo("Intel(R) Xeon(R) Platinum 8480+"));
        Assert.That(features.Has("avx512_bf16") && features.Has("avx2") && !features.Has("amx_bf16"), Is.True);
        Assert.That(features.Describe(), Is.EqualTo("AVX2 yes, FMA yes, AVX-512F yes, AVX512-BF16 yes, AMX-BF16 no"));
    }

    [Test]
    public void Current_AgreesWithDotNetsHardwareIntrinsics()
    {
        Assume.That(System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture, Is.EqualTo(System.Runtime.InteropServices.Architecture.X64));
        var features = ProcessorFeatures.Current();
        Assert.That(features.Has("avx2"), Is.EqualTo(Avx2.IsSupported), features.Source);
        Assert.That(features.Has("avx512f"), Is.EqualTo(Avx512F.IsSupported), features.Source);
    }
}
