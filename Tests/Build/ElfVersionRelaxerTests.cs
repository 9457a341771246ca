using RnnZoo.Build;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Build;

/// <summary>The build step that lets TorchSharp load on GCC-12 systems (build/ElfVersionRelaxer.cs).</summary>
[TestFixture]
public class ElfVersionRelaxerTests
{
    private static string OutputLibrary =>
        Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).Single();

    private static string? CacheLibrary()
    {
        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        return File.Exists(path) ? path : null;
    }

    private static HashSet<string> SystemVersions()
    {
        var libstdcxx = GlibcxxRelaxer.FindSystemLibstdcxx();
        Assume.That(libstdcxx, Is.Not.Null, "no libstdc++.so.6 on this system");
        return ElfImage.Read(libstdcxx!).Definitions.ToHashSet();
    }

    [Test]
    public void OutputCopy_NeedsGlibcxx3432_AndIsRelaxedWhereTheSystemLacksIt()
    {
        var image = ElfImage.Read(OutputLibrary);
        var need = image.Needs.Single(n => n.File == "libstdc++.so.6" && n.Name == "GLIBCXX_3.4.32");
        Assert.That(image.SymbolsByVersion[need.Index], Is.EqualTo(new[] { "_ZSt21ios_base_library_initv" }));
        Assert.That(image.RelocatedSymbols, Does.Not.Contain("_ZSt21ios_base_library_initv"));
        if (!SystemVersions().Contains("GLIBCXX_3.4.32"))
            Assert.That(need.IsWeak, Is.True, "the build step marked it weak in the output copy");
        // And the library loads: every TorchSharp call goes through it.
        Assert.That(ones(2).sum().item<float>(), Is.EqualTo(2f));
    }

    [Test]
    public void NuGetCacheCopy_IsNeverModified()
    {
        var cache = CacheLibrary();
        Assume.That(cache, Is.Not.Null, "TorchSharp is not in the default NuGet cache");
        var need = ElfImage.Read(cache!).Needs.Single(n => n.Name == "GLIBCXX_3.4.32");
        Assert.That(need.IsWeak, Is.False);
    }

    [Test]
    public void Plan_OnASystemWithout3432_RelaxesExactlyThatEntry_AndApplyIsIdempotent()
    {
        var copy = CopyOfPristineLibrary();
        try
        {
            var available = SystemVersions();
            available.Remove("GLIBCXX_3.4.32");
            var plan = GlibcxxRelaxer.Plan(ElfImage.Read(copy), available);
            Assert.That(plan.Refused, Is.Empty);
            Assert.That(plan.ToRelax.Select(n => n.Name), Is.EqualTo(new[] { "GLIBCXX_3.4.32" }));
            var before = File.ReadAllBytes(copy);
            GlibcxxRelaxer.Apply(plan);
            var after = File.ReadAllBytes(copy);
            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
            Assert.That(changed, Has.Count.EqualTo(1), "one byte: the flags of one Vernaux entry");
            Assert.That(changed[0], Is.EqualTo(plan.ToRelax[0].FlagsOffset));

            var second = GlibcxxRelaxer.Plan(ElfImage.Read(copy), available);
            Assert.That(second.NothingToDo, Is.True);
            Assert.That(second.AlreadyWeak.Select(n => n.Name), Is.EqualTo(new[] { "GLIBCXX_3.4.32" }));
            GlibcxxRelaxer.Apply(second);
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(after), "a second run changes nothing");
        }
        finally { File.Delete(copy); }
    }

    [Test]
    public void Plan_VersionOutsideTheSafeList_IsRefusedNamingIt()
    {
        var copy = CopyOfPristineLibrary();
        try
        {
            var available = SystemVersions();
            available.Remove("GLIBCXX_3.4.32");
            available.Remove("GLIBCXX_3.4.29"); // pretend an older libstdc++: 3.4.29 binds real symbols
            var plan = GlibcxxRelaxer.Plan(ElfImage.Read(copy), available);
            Assert.That(plan.Refused.Select(r => r.Key.Name), Is.EqualTo(new[] { "GLIBCXX_3.4.29" }));
            Assert.That(plan.Refused[0].Value, Is.Not.Empty, "the symbols bound to it are listed");
            Assert.That(plan.RefusalMessage(), Does.Contain("GLIBCXX_3.4.29").And.Contain("GCC 13"));
            var before = File.ReadAllBytes(copy);
            Assert.That(() => GlibcxxRelaxer.Apply(plan), Throws.InvalidOperationException.With.Message.Contains("GLIBCXX_3.4.29"));
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(before), "nothing written when refused");
        }
        finally { File.Delete(copy); }
    }

    [Test]
    public void Plan_OnASystemWithEverything_DoesNothing()
    {
        var image = ElfImage.Read(OutputLibrary);
        var everything = image.Needs.Select(n => n.Name).ToHashSet();
        Assert.That(GlibcxxRelaxer.Plan(image, everything).NothingToDo, Is.True);
    }

    [Test]
    public void PlanForDistribution_RelaxesTheSafeOnlyVersion_WhateverTheSystemHas_AndNothingElse()
    {
        var copy = CopyOfPristineLibrary();
        try
        {
            var plan = GlibcxxRelaxer.PlanForDistribution(ElfImage.Read(copy));
            Assert.That(plan.Refused, Is.Empty);
            Assert.That(plan.ToRelax.Select(n => n.Name), Is.EqualTo(new[] { "GLIBCXX_3.4.32" }));
            GlibcxxRelaxer.Apply(plan);
            var after = ElfImage.Read(copy);
            Assert.That(after.Needs.Where(n => n.IsWeak).Select(n => n.Name), Is.EqualTo(new[] { "GLIBCXX_3.4.32" }), "every other requirement stays hard");
            var again = GlibcxxRelaxer.PlanForDistribution(after);
            Assert.That(again.ToRelax, Is.Empty, "idempotent");
            Assert.That(again.AlreadyWeak.Select(n => n.Name), Is.EqualTo(new[] { "GLIBCXX_3.4.32" }));
        }
        finally { File.Delete(copy); }
    }

    // A copy of the library with the flag cleared again, as NuGet ships it.
    private static string CopyOfPristineLibrary()
    {
        var copy = Path.Combine(Path.GetTempPath(), $"rnnzoo-elf-{Guid.NewGuid():N}.so");
        var bytes = File.ReadAllBytes(OutputLibrary);
        var need = ElfImage.Read(OutputLibrary).Needs.Single(n => n.Name == "GLIBCXX_3.4.32");
        bytes[need.FlagsOffset] &= unchecked((byte)~ElfImage.VerFlagWeak);
        File.WriteAllBytes(copy, bytes);
        Assert.That(ElfImage.Read(copy).Needs.Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak, Is.False);
        return copy;
    }
}
