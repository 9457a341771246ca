using System.Text.Json;
using RnnZoo.Tests.Support;

namespace RnnZoo.Tests.Build;

/// <summary>
/// build/LibTorchBackend.targets: the rnnzoo project restored for each runtime identifier resolves that platform's
/// libtorch CPU package, with its native libraries for that RID, and no other platform's. Restored into a folder of
/// its own (MSBuildProjectExtensionsPath), so the checkout's obj/ is left alone; the packages come from the NuGet
/// cache or the configured feed (the first run downloads the Windows and macOS ones, about 140 MB).
/// </summary>
[TestFixture]
[Category("Packaging")]
public class LibTorchBackendTests
{
    private static readonly Dictionary<string, string> Backends = new()
    {
        ["linux-x64"] = "runtimes/linux-x64/native/libtorch_cpu.so",
        ["win-x64"] = "runtimes/win-x64/native/torch_cpu.dll",
        ["osx-arm64"] = "runtimes/osx-arm64/native/libtorch_cpu.dylib",
    };

    private static (int Code, string Output, string Folder) Restore(string? rid)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"rnnzoo-restore-{rid ?? "none"}-{Guid.NewGuid():N}") + Path.DirectorySeparatorChar;
        var arguments = new List<string> { "restore", "Experiments/RnnZoo.Experiments.csproj", "-p:RestoreRecursive=false", $"-p:MSBuildProjectExtensionsPath={folder}", "-nologo" };
        if (rid is not null) arguments.AddRange(new[] { "-r", rid });
        var (code, output) = DotnetCli.Dotnet(DotnetCli.RepositoryRoot(), arguments.ToArray());
        return (code, output, folder);
    }

    [Test]
    public void RestoreForEachRuntimeIdentifier_ResolvesThatPlatformsLibTorchOnly()
    {
        // The three restores at once: each is mostly waiting on the file system.
        var restores = Backends.Keys.ToDictionary(rid => rid, rid => Task.Run(() => Restore(rid)));
        try
        {
            foreach (var (rid, restore) in restores)
            {
                var (code, output, folder) = restore.Result;
                Assert.That(code, Is.Zero, output);
                using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "project.assets.json")));
                var target = assets.RootElement.GetProperty("targets").GetProperty($"net10.0/{rid}");
                var libtorch = target.EnumerateObject().Where(p => p.Name.StartsWith("libtorch-", StringComparison.Ordinal)).ToList();
                Assert.That(libtorch.Select(p => p.Name), Is.EqualTo(new[] { $"libtorch-cpu-{rid}/{RnnZoo.Experiments.Diagnostics.BuildInfo.LibTorchVersion}" }), $"-r {rid}");
                var natives = libtorch[0].Value.GetProperty("native").EnumerateObject().Select(p => p.Name).ToList();
                Assert.That(natives, Does.Contain(Backends[rid]), $"-r {rid}: the package carries {rid}'s libtorch");
            }
        }
        finally
        {
            foreach (var restore in restores.Values)
                if (restore.IsCompletedSuccessfully && Directory.Exists(restore.Result.Folder)) Directory.Delete(restore.Result.Folder, true);
        }
    }

    [Test]
    public void RestoreForAPlatformWithoutLibTorch_FailsNamingTheSupportedOnes()
    {
        var (code, output, folder) = Restore("linux-arm64");
        try
        {
            Assert.That(code, Is.Not.Zero);
            Assert.That(output, Does.Contain("no libtorch CPU package for linux-arm64").And.Contain("linux-x64, win-x64 and osx-arm64"));
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, true); }
    }
}
