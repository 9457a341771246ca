using System.Runtime.InteropServices;
using RnnZoo.Build;
using TorchSharp;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary>
/// <c>rnnzoo doctor</c>: what a user runs first when something is wrong. Looks at the .NET runtime, TorchSharp and
/// its backend, whether libtorch loads (and if not, why and the fix), the system's libstdc++ and RnnZoo's
/// compatibility step, threads, processor features, CUDA and the data cache. Touches TorchSharp only after
/// <see cref="NativeLibraryCheck"/> found that libtorch loads.
/// </summary>
public static class Doctor
{
    /// <summary>Runs every check.</summary>
    public static IReadOnlyList<DoctorCheck> Run()
    {
        var checks = new List<DoctorCheck>();
        var platform = NativeLibraryCheck.PlatformRuntimeIdentifier;
        var builtFor = BuildInfo.LibTorchRuntimeIdentifiers;

        checks.Add(new("rnnzoo", $"{BuildInfo.RnnZooVersion} in {AppContext.BaseDirectory.TrimEnd('/', '\\')}"));
        checks.Add(new(".NET", $"{RuntimeInformation.FrameworkDescription} on {platform} ({RuntimeInformation.OSDescription})"));
        checks.Add(new("TorchSharp", $"{BuildInfo.TorchSharpVersion}, for libtorch {BuildInfo.LibTorchVersion}"));
        checks.Add(builtFor.Contains(platform)
            ? new("backend", $"{string.Join(", ", BuildInfo.BackendPackages)} (CPU)", DoctorStatus.Ok)
            : new("backend", $"{(builtFor.Count == 0 ? "none" : string.Join(", ", BuildInfo.BackendPackages))}: none for this machine ({platform})", DoctorStatus.Failure));

        var probe = NativeLibraryCheck.Current;
        checks.Add(LibTorchCheck(probe));
        if (OperatingSystem.IsLinux()) checks.AddRange(LibstdcxxChecks(probe.Loaded));
        if (probe.Loaded)
        {
            checks.Add(new("threads", $"torch {torch.get_num_threads()} intra-op, {torch.get_num_interop_threads()} inter-op; " +
                                      $"{Environment.ProcessorCount} processors (Environment.ProcessorCount)" +
                                      (Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is { Length: > 0 } omp ? $"; OMP_NUM_THREADS={omp}" : "")));
        }
        else
        {
            checks.Add(new("threads", $"{Environment.ProcessorCount} processors (Environment.ProcessorCount); torch's count unknown: libtorch did not load"));
        }
        checks.Add(ProcessorCheck());
        checks.Add(probe.Loaded
            ? torch.cuda.is_available()
                ? new("CUDA", $"available: {torch.cuda.device_count()} device(s)", DoctorStatus.Ok)
                : new("CUDA", "not available: libtorch's CPU build (use --device cpu, the default)")
            : new("CUDA", "unknown: libtorch did not load"));
        checks.Add(new("data cache", CacheFolderContents.Read().Describe()));
        return checks;
    }

    /// <summary>Prints <paramref name="checks"/>; returns the exit code: 1 when any failed, else 0.</summary>
    public static int Print(IReadOnlyList<DoctorCheck> checks, TextWriter output)
    {
        var width = checks.Max(c => c.Name.Length);
        foreach (var check in checks)
        {
            var mark = check.Status switch { DoctorStatus.Ok => "ok  ", DoctorStatus.Warning => "warn", DoctorStatus.Failure => "FAIL", _ => "    " };
            output.WriteLine($"{mark}  {check.Name.PadRight(width)}  {check.Value}");
            foreach (var line in check.Detail) output.WriteLine($"{new string(' ', width + 8)}{line}");
        }
        var failures = checks.Count(c => c.Status == DoctorStatus.Failure);
        output.WriteLine(failures == 0 ? "All well." : $"{failures} problem{(failures == 1 ? "" : "s")} (FAIL above).");
        return failures == 0 ? 0 : 1;
    }

    private static DoctorCheck LibTorchCheck(LibTorchProbe probe)
    {
        if (!probe.Loaded)
        {
            var problem = probe.Problem!;
            var detail = new List<string> { $"fix: {problem.Fix}." };
            if (problem.LoaderMessage is { } message)
            {
                detail.Add("the loader said:");
                detail.AddRange(BackendProblem.InformativeLines(message).Take(12).Select(l => "  " + l));
            }
            return new DoctorCheck("libtorch", $"does not load: {problem.Reason}", DoctorStatus.Failure, detail);
        }
        try
        {
            using var scope = torch.NewDisposeScope();
            var sum = torch.ones(2).sum().item<float>();
            var where = ProcessMaps.Find(ProcessMaps.Current(), "libtorch_cpu.");
            return sum == 2f
                ? new DoctorCheck("libtorch", $"loads{(where is null ? "" : $" from {where}")}; a tensor sums right", DoctorStatus.Ok)
                : new DoctorCheck("libtorch", $"loads, but ones(2).sum() gave {sum}, not 2", DoctorStatus.Failure);
        }
        catch (Exception e)
        {
            return new DoctorCheck("libtorch", $"loads, but its first tensor failed: {e.GetType().Name}: {e.Message.Split('\n')[0]}", DoctorStatus.Failure);
        }
    }

    private static IEnumerable<DoctorCheck> LibstdcxxChecks(bool loaded)
    {
        var mapped = ProcessMaps.Current();
        var libstdcxx = ProcessMaps.Find(mapped, "libstdc++.so.6") ?? GlibcxxRelaxer.FindSystemLibstdcxx();
        if (libstdcxx is null)
        {
            yield return new DoctorCheck("libstdc++", "not found: install the distribution's libstdc++6 package", DoctorStatus.Failure);
            yield break;
        }
        var definitions = ElfImage.Read(libstdcxx).Definitions;
        var versions = LibstdcxxCompatibility.GlibcxxVersions(definitions);
        yield return new DoctorCheck("libstdc++", versions.Count == 0
            ? $"{libstdcxx}: defines no GLIBCXX version"
            : $"{libstdcxx}: {versions[0]} to {versions[^1]} ({versions.Count} versions)");

        var folder = NativeFolder(mapped);
        if (folder is null)
        {
            yield return new DoctorCheck("compatibility", "libLibTorchSharp.so not found beside rnnzoo: nothing to check", loaded ? DoctorStatus.Warning : DoctorStatus.Info);
            yield break;
        }
        // The copies that loaded, when libtorch loaded; else every library there.
        var candidates = loaded ? mapped.Where(f => Path.GetDirectoryName(f) == folder) : Directory.EnumerateFiles(folder);
        var libraries = candidates
            .Where(f => Path.GetFileName(f).Contains(".so", StringComparison.Ordinal) && ElfImage.IsElf64LittleEndian(f))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(ElfImage.Read)
            .ToList();
        var status = LibstdcxxCompatibility.Check(libraries, definitions.ToHashSet(StringComparer.Ordinal));
        yield return new DoctorCheck("compatibility", $"step {status.Describe()} ({folder})",
            status.Broken ? DoctorStatus.Failure : DoctorStatus.Ok,
            status.Broken ? new[] { "fix: rebuild with RnnZoo's build step on (build/README.md), or reinstall the rnnzoo tool; or use a libstdc++ from GCC 13 or newer" } : Array.Empty<string>());
    }

    /// <summary>The folder of the libLibTorchSharp.so that loaded, else of the one this rnnzoo would load.</summary>
    private static string? NativeFolder(IReadOnlyList<string> mapped)
    {
        var loaded = ProcessMaps.Find(mapped, "libLibTorchSharp.so");
        if (loaded is not null) return Path.GetDirectoryName(loaded);
        var baseDirectory = AppContext.BaseDirectory;
        foreach (var candidate in new[]
                 {
                     Path.Combine(baseDirectory, "libLibTorchSharp.so"),
                     Path.Combine(baseDirectory, "runtimes", NativeLibraryCheck.PlatformRuntimeIdentifier, "native", "libLibTorchSharp.so"),
                 })
            if (File.Exists(candidate)) return Path.GetDirectoryName(candidate);
        return null;
    }

    private static DoctorCheck ProcessorCheck()
    {
        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
            return new DoctorCheck("processor", $"arm64: AdvSimd (NEON) {(System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? "yes" : "no")}");
        var features = ProcessorFeatures.Current();
        var model = features.Model is null ? "" : features.Model + ": ";
        return features.Has("avx2")
            ? new DoctorCheck("processor", $"{model}{features.Describe()}", DoctorStatus.Ok)
            : new DoctorCheck("processor", $"{model}{features.Describe()}; without AVX2 libtorch runs its slowest kernels", DoctorStatus.Warning);
    }
}
