using System.Reflection;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary>
/// Versions of this build of <c>rnnzoo</c>, read from assembly attributes only: nothing here loads libtorch, so they
/// can be shown when it does not load.
/// </summary>
public static class BuildInfo
{
    private static readonly Assembly Rnnzoo = typeof(BuildInfo).Assembly;
    // typeof does not run TorchSharp.torch's static constructor (which loads the native library); reading attributes neither.
    private static readonly Assembly TorchSharpAssembly = typeof(TorchSharp.torch).Assembly;

    /// <summary>RnnZoo's version, e.g. <c>0.1.0+343e62f</c> (the commit shortened).</summary>
    public static string RnnZooVersion => ShortenCommit(InformationalVersion(Rnnzoo));

    /// <summary>The TorchSharp assembly's version, e.g. <c>0.107.0</c>.</summary>
    public static string TorchSharpVersion => ShortenCommit(InformationalVersion(TorchSharpAssembly));

    /// <summary>The libtorch version this build's backend package carries (Directory.Packages.props' LibTorchVersion).</summary>
    public static string LibTorchVersion => Metadata("RnnZoo.LibTorchVersion") ?? "unknown";

    /// <summary>The runtime identifiers whose libtorch CPU package this build references (build/LibTorchBackend.targets).</summary>
    public static IReadOnlyList<string> LibTorchRuntimeIdentifiers =>
        (Metadata("RnnZoo.LibTorchRuntimeIdentifiers") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The backend packages, e.g. <c>libtorch-cpu-linux-x64</c>.</summary>
    public static IReadOnlyList<string> BackendPackages => LibTorchRuntimeIdentifiers.Select(r => "libtorch-cpu-" + r).ToList();

    /// <summary>What <c>rnnzoo --version</c> prints.</summary>
    public static string VersionText() =>
        $"rnnzoo {RnnZooVersion}{Environment.NewLine}" +
        $"TorchSharp {TorchSharpVersion}, libtorch {LibTorchVersion} (CPU: {string.Join(", ", BackendPackages)})";

    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString() ?? "unknown";

    private static string? Metadata(string key) =>
        Rnnzoo.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    /// <summary><c>0.1.0+343e62f7418e3d0a...</c> becomes <c>0.1.0+343e62f</c>; anything else is kept.</summary>
    public static string ShortenCommit(string version)
    {
        var plus = version.IndexOf('+');
        if (plus < 0) return version;
        var suffix = version[(plus + 1)..];
        return suffix.Length > 7 && suffix.All(Uri.IsHexDigit) ? version[..(plus + 8)] : version;
    }
}
