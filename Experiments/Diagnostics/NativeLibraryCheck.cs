using System.Runtime.InteropServices;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary>
/// Whether libtorch loads, found out the way TorchSharp loads it (<c>torch_cpu</c>, then <c>LibTorchSharp</c>, by name
/// relative to TorchSharp's assembly) but before TorchSharp is touched: when TorchSharp's own load fails it prints a
/// page of trace, may copy hundreds of MB out of the NuGet cache, and throws from a type initialiser.
/// </summary>
public static class NativeLibraryCheck
{
    /// <summary>The libraries TorchSharp loads, in its order.</summary>
    public static readonly IReadOnlyList<string> Libraries = new[] { "torch_cpu", "LibTorchSharp" };

    private static readonly Lazy<LibTorchProbe> Cached = new(() => Probe());

    /// <summary>The probe of this process, run once (loading is idempotent; a failure stays a failure).</summary>
    public static LibTorchProbe Current => Cached.Value;

    /// <summary>This machine as a portable runtime identifier: <c>linux-x64</c>, <c>win-x64</c>, <c>osx-arm64</c>, ...</summary>
    public static string PlatformRuntimeIdentifier
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : OperatingSystem.IsLinux() ? "linux" : RuntimeInformation.OSDescription.Split(' ')[0].ToLowerInvariant();
            return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        }
    }

    /// <summary>Loads each of <see cref="Libraries"/> in turn with <paramref name="load"/>, stopping at the first failure.</summary>
    /// <param name="load">Loads a library by name or throws (<see cref="DllNotFoundException"/> with the loader's message);
    /// by default <see cref="NativeLibrary.Load(string, System.Reflection.Assembly, DllImportSearchPath?)"/> relative to TorchSharp.</param>
    /// <param name="platform">This machine's runtime identifier (default <see cref="PlatformRuntimeIdentifier"/>).</param>
    /// <param name="builtFor">The runtime identifiers this build carries libtorch for (default <see cref="BuildInfo.LibTorchRuntimeIdentifiers"/>).</param>
    public static LibTorchProbe Probe(Func<string, IntPtr>? load = null, string? platform = null, IReadOnlyCollection<string>? builtFor = null)
    {
        load ??= name => NativeLibrary.Load(name, typeof(TorchSharp.torch).Assembly, null);
        platform ??= PlatformRuntimeIdentifier;
        builtFor ??= BuildInfo.LibTorchRuntimeIdentifiers.ToList();
        foreach (var library in Libraries)
        {
            try { load(library); }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
            {
                var loadedLibTorch = ProcessMaps.Find(ProcessMaps.Current(), "libtorch_cpu.");
                return new LibTorchProbe(false, BackendProblem.FromLoadFailure(library, e.Message, platform, builtFor, loadedLibTorch));
            }
        }
        return new LibTorchProbe(true, null);
    }
}
