using RnnZoo.Build;
using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Tests.Experiments.Diagnostics;

/// <summary>GLIBCXX version lists, and whether the compatibility step is needed and applied, on TorchSharp's real library.</summary>
[TestFixture]
public class LibstdcxxCompatibilityTests
{
    private static string OutputLibrary =>
        Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).Single();

    [Test]
    public void GlibcxxVersions_AreSortedAsVersions_WithoutTheOtherDefinitions()
    {
        var definitions = new[] { "libstdc++.so.6", "GLIBCXX_3.4.10", "CXXABI_1.3", "GLIBCXX_3.4", "GLIBCXX_3.4.9", "GLIBCXX_3.4.30", "GLIBCXX_3.4.9", "GLIBCXX_DEBUG_MESSAGE_LENGTH", "CXXABI_TM_1" };
        Assert.That(LibstdcxxCompatibility.GlibcxxVersions(definitions), Is.EqualTo(new[] { "GLIBCXX_3.4", "GLIBCXX_3.4.9", "GLIBCXX_3.4.10", "GLIBCXX_3.4.30" }));
    }

    [Test]
    public void GlibcxxVersions_OfThisSystemsLibstdcxx_StartAt34_AndEndAtItsNewest()
    {
        var path = GlibcxxRelaxer.FindSystemLibstdcxx();
        Assume.That(path, Is.Not.Null, "no libstdc++ here");
        var versions = LibstdcxxCompatibility.GlibcxxVersions(ElfImage.Read(path!).Definitions);
        Assert.That(versions[0], Is.EqualTo("GLIBCXX_3.4"));
        // The file name tells the newest independently: libstdc++.so.6.0.N defines GLIBCXX_3.4.N (GCC 5 and later).
        var real = new FileInfo(path!).ResolveLinkTarget(true)?.Name ?? Path.GetFileName(path!);
        if (real.StartsWith("libstdc++.so.6.0.", StringComparison.Ordinal))
            Assert.That(versions[^1], Is.EqualTo("GLIBCXX_3.4." + real["libstdc++.so.6.0.".Length..]));
    }

    [Test]
    public void Check_OnASystemWithout3432_IsNeeded_AppliedOnTheRelaxedCopy_AndBrokenOnThePristineOne()
    {
        var relaxed = ElfImage.Read(OutputLibrary);
        Assume.That(relaxed.Needs.Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak, Is.True, "the build step relaxed the output copy");
        var withoutNewest = relaxed.Needs.Select(n => n.Name).Where(n => n != "GLIBCXX_3.4.32").ToHashSet();

        var applied = LibstdcxxCompatibility.Check(new[] { relaxed }, withoutNewest);
        Assert.That((applied.Needed, applied.Applied, applied.Broken), Is.EqualTo((true, true, false)));
        Assert.That(applied.Describe(), Does.StartWith("needed and applied: libLibTorchSharp.so needs GLIBCXX_3.4.32 (for _ZSt21ios_base_library_initv), marked weak"));

        var copy = Path.Combine(Path.GetTempPath(), $"rnnzoo-doctor-{Guid.NewGuid():N}.so");
        try
        {
            var bytes = File.ReadAllBytes(OutputLibrary);
            bytes[relaxed.Needs.Single(n => n.Name == "GLIBCXX_3.4.32").FlagsOffset] &= unchecked((byte)~ElfImage.VerFlagWeak);
            File.WriteAllBytes(copy, bytes);
            var broken = LibstdcxxCompatibility.Check(new[] { ElfImage.Read(copy) }, withoutNewest);
            Assert.That((broken.Needed, broken.Applied, broken.Broken), Is.EqualTo((true, false, true)));
            Assert.That(broken.Describe(), Does.StartWith("needed and NOT applied").And.Contain("GLIBCXX_3.4.32"));
        }
        finally { File.Delete(copy); }

        var everything = LibstdcxxCompatibility.Check(new[] { relaxed }, relaxed.Needs.Select(n => n.Name).ToHashSet());
        Assert.That((everything.Needed, everything.Broken), Is.EqualTo((false, false)));
        Assert.That(everything.Describe(), Does.StartWith("not needed"));
    }
}
