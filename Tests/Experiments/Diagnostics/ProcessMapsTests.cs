using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Tests.Experiments.Diagnostics;

[TestFixture]
public class ProcessMapsTests
{
    [Test]
    public void MappedFiles_AreTheDistinctPaths_WithSpacesKept_AndNoPseudoEntries()
    {
        const string maps = """
            55d0c0a00000-55d0c0a01000 r--p 00000000 fe:01 1311  /usr/share/dotnet/dotnet
            7f0000000000-7f0000100000 r-xp 00000000 fe:01 2222  /opt/my tools/libtorch_cpu.so
            7f0000100000-7f0000200000 r--p 00100000 fe:01 2222  /opt/my tools/libtorch_cpu.so
            7f0000300000-7f0000400000 rw-p 00000000 00:00 0     [heap]
            7f0000400000-7f0000500000 rw-p 00000000 00:00 0
            7f0000500000-7f0000600000 r-xp 00000000 fe:01 3333  /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30
            7f0000600000-7f0000700000 r-xp 00000000 fe:01 4444  /tmp/old.so (deleted)
            """;
        var files = ProcessMaps.MappedFiles(maps);
        Assert.That(files, Is.EqualTo(new[] { "/usr/share/dotnet/dotnet", "/opt/my tools/libtorch_cpu.so", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30" }));
        Assert.That(ProcessMaps.Find(files, "libstdc++.so.6"), Is.EqualTo("/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30"));
        Assert.That(ProcessMaps.Find(files, "libLibTorchSharp.so"), Is.Null);
    }

    [Test]
    public void Current_OnLinux_HoldsTheRuntimeItself()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True);
        Assert.That(ProcessMaps.Find(ProcessMaps.Current(), "libcoreclr.so"), Is.Not.Null);
    }
}
