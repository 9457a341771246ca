using System.Diagnostics;
using RnnZoo.Build;
using RnnZoo.Experiments.Diagnostics;
using RnnZoo.Tests.Support;

namespace RnnZoo.Tests.Packaging;

/// <summary>
/// The rnnzoo .NET tool as a user gets it: packed into a local feed (this platform's package only), installed with
/// <c>dotnet tool install --tool-path</c> from that feed alone, then <c>rnnzoo --version</c>, <c>rnnzoo doctor</c> and
/// a quick training run. Takes minutes: packing compresses libtorch (about 450 MB on linux-x64) and installing
/// unpacks it.
/// </summary>
[TestFixture]
[Category("Packaging")]
public class ToolPackageTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [Test]
    public void InstalledTool_PrintsItsVersion_PassesTheDoctor_AndTrainsSeed003()
    {
        var watch = Stopwatch.StartNew();
        var (_, platformPackage, packTime) = LocalFeed.Tool();
        var work = LocalFeed.NewFolder("tool");
        var config = LocalFeed.WriteNuGetConfig(work, only: true);
        var tools = Path.Combine(work, "tools");

        var install = Stopwatch.StartNew();
        var (installCode, installOutput) = DotnetCli.Dotnet(work, "tool", "install", LocalFeed.ToolId, "--tool-path", tools,
                                                            "--version", LocalFeed.Version, "--configfile", config);
        install.Stop();
        Assert.That(installCode, Is.Zero, installOutput);
        var rnnzoo = Path.Combine(tools, OperatingSystem.IsWindows() ? "rnnzoo.exe" : "rnnzoo");
        Assert.That(File.Exists(rnnzoo), Is.True, $"the command shim in {tools}");

        var (versionCode, version) = DotnetCli.Run(rnnzoo, work, RunTimeout, "--version");
        Assert.That(versionCode, Is.Zero, version);
        Assert.That(version, Does.StartWith($"rnnzoo {LocalFeed.Version}"));
        Assert.That(version, Does.Contain($"TorchSharp {BuildInfo.TorchSharpVersion}, libtorch {BuildInfo.LibTorchVersion} (CPU: libtorch-cpu-{NativeLibraryCheck.PlatformRuntimeIdentifier})"));

        // The copy of TorchSharp's native library that the tool carries is relaxed for distribution (build/README.md),
        // whatever the packing machine's libstdc++ had, so it loads on GCC-12 systems.
        if (OperatingSystem.IsLinux())
        {
            var carried = Directory.GetFiles(Path.Combine(tools, ".store"), "libLibTorchSharp.so", SearchOption.AllDirectories).Single();
            Assert.That(ElfImage.Read(carried).Needs.Single(n => n.Name == "GLIBCXX_3.4.32").IsWeak, Is.True, carried);
        }

        var (doctorCode, doctor) = DotnetCli.Run(rnnzoo, work, RunTimeout, "doctor");
        Assert.That(doctorCode, Is.Zero, doctor);
        Assert.That(doctor, Does.Contain("a tensor sums right").And.Contain("All well."));

        var runs = Path.Combine(work, "run");
        var (runCode, run) = DotnetCli.Run(rnnzoo, work, RunTimeout, "run", "seed003-wuv-rnn", "--profile", "quick", "--out", runs);
        Assert.That(runCode, Is.Zero, run);
        Assert.That(File.Exists(Path.Combine(runs, "summary.json")), Is.True, run);

        TestContext.Out.WriteLine($"tool package {new FileInfo(platformPackage).Length / 1e6:F0} MB; pack {packTime.TotalSeconds:F0} s, " +
                                  $"install {install.Elapsed.TotalSeconds:F0} s; this test {watch.Elapsed.TotalSeconds:F0} s (with the pack when it ran first)");
    }
}
