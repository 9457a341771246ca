using System.Text.RegularExpressions;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary>
/// Why libtorch cannot be used, in plain words, with the fix: what every command that needs libtorch prints instead of
/// a stack trace (<see cref="Explain"/>), and what <c>rnnzoo doctor</c> shows with the loader's own message.
/// </summary>
/// <param name="Kind">The kind of problem.</param>
/// <param name="Reason">What is wrong, one sentence without a final stop.</param>
/// <param name="Fix">What to do, one sentence without a final stop.</param>
/// <param name="LoaderMessage">The dynamic loader's or TorchSharp's message, for <c>rnnzoo doctor</c>; null when none.</param>
public sealed partial record BackendProblem(BackendProblemKind Kind, string Reason, string Fix, string? LoaderMessage = null)
{
    /// <summary>The runtime identifiers TorchSharp ships libtorch for (CPU), and RnnZoo builds for.</summary>
    public static readonly IReadOnlyList<string> SupportedRuntimeIdentifiers = new[] { "linux-x64", "win-x64", "osx-arm64" };

    /// <summary>The two lines a command prints (to standard error) before it exits with code 1.</summary>
    public string Explain() =>
        $"error: libtorch (TorchSharp's native library) cannot be used: {Reason}.{Environment.NewLine}" +
        $"  fix: {Fix}. 'rnnzoo doctor' tells more.";

    /// <summary>
    /// Classifies a failure to load <paramref name="library"/> (<c>torch_cpu</c> or <c>LibTorchSharp</c>) from the
    /// loader's message (<see cref="DllNotFoundException"/>'s, which holds the loader's error for each path tried).
    /// </summary>
    /// <param name="library">The name asked for, without prefix or extension.</param>
    /// <param name="loaderMessage">The exception's message.</param>
    /// <param name="platform">This machine's runtime identifier (<see cref="NativeLibraryCheck.PlatformRuntimeIdentifier"/>).</param>
    /// <param name="builtFor">The runtime identifiers whose libtorch this build carries (<see cref="BuildInfo.LibTorchRuntimeIdentifiers"/>).</param>
    /// <param name="loadedLibTorch">Where the libtorch that did load came from, when known (Linux: <see cref="ProcessMaps"/>).</param>
    public static BackendProblem FromLoadFailure(string library, string loaderMessage, string platform, IReadOnlyCollection<string> builtFor,
                                                 string? loadedLibTorch = null)
    {
        var missingVersion = MissingVersion().Match(loaderMessage);
        if (missingVersion.Success)
        {
            var version = missingVersion.Groups["version"].Value;
            var from = missingVersion.Groups["from"].Value;
            var needer = Path.GetFileName(missingVersion.Groups["by"].Value);
            var relaxable = version == "GLIBCXX_3.4.32";
            return new BackendProblem(BackendProblemKind.LibstdcxxTooOld,
                $"{needer} needs {version} from {from}, which this system's libstdc++ is too old to have",
                relaxable
                    ? "build rnnzoo with RnnZoo's build step, which makes its copy load (on unless RnnZooRelaxGlibcxx=false; build/README.md), " +
                      "or install it as a tool (dotnet tool install rnnzoo), whose copy is made so; or use a distribution with GCC 13's libstdc++ " +
                      "(Debian 13, Ubuntu 24.04)"
                    : "use a distribution with GCC 13's libstdc++ or newer (Debian 13, Ubuntu 24.04): RnnZoo's build step can relax only GLIBCXX_3.4.32",
                loaderMessage);
        }

        var undefined = UndefinedSymbol().Match(loaderMessage);
        if (undefined.Success)
            return new BackendProblem(BackendProblemKind.MismatchedLibTorch,
                $"{Path.GetFileName(undefined.Groups["library"].Value)} does not fit the libtorch that loaded{(loadedLibTorch is null ? "" : $" ({loadedLibTorch})")}, " +
                $"which lacks {undefined.Groups["symbol"].Value}: TorchSharp needs libtorch {BuildInfo.LibTorchVersion}",
                $"reinstall rnnzoo (dotnet tool uninstall, then dotnet tool install) or rebuild it, so that its own libtorch-cpu-{platform} " +
                $"{BuildInfo.LibTorchVersion} is beside it; a system-wide libtorch (e.g. Debian's python3-torch) is picked up only when that one is missing",
                loaderMessage);

        if (!SupportedRuntimeIdentifiers.Contains(platform))
            return new BackendProblem(BackendProblemKind.UnsupportedPlatform,
                $"TorchSharp ships libtorch for {string.Join(", ", SupportedRuntimeIdentifiers)} only, and this machine is {platform}",
                $"run rnnzoo on one of {string.Join(", ", SupportedRuntimeIdentifiers)} (macOS on Intel processors is not supported since TorchSharp 0.103)",
                loaderMessage);

        var unopened = Unopened().Matches(loaderMessage).Select(m => Path.GetFileName(m.Groups["file"].Value.Trim())).ToList();
        var dependency = unopened.FirstOrDefault(f => !IsVariantOf(f, library));
        if (dependency is not null)
            return new BackendProblem(BackendProblemKind.MissingDependency,
                $"{library} was found, but {dependency}, which it needs, was not",
                "reinstall rnnzoo (dotnet tool uninstall, then dotnet tool install), or rebuild it; the libtorch package carries that file",
                loaderMessage);

        if (!builtFor.Contains(platform))
            return new BackendProblem(BackendProblemKind.MissingBackend,
                $"this rnnzoo carries libtorch for {(builtFor.Count == 0 ? "no platform" : string.Join(", ", builtFor))}, and this machine is {platform}",
                $"install the rnnzoo tool on this machine (dotnet tool install picks the {platform} package), or build from source here " +
                $"(or with -r {platform}), which references libtorch-cpu-{platform}",
                loaderMessage);

        return library == "torch_cpu" || unopened.Count > 0
            ? new BackendProblem(BackendProblemKind.MissingBackend,
                $"{(library == "torch_cpu" ? "libtorch" : "TorchSharp's " + library)} for {platform} is not beside rnnzoo",
                $"reinstall rnnzoo (dotnet tool uninstall, then dotnet tool install), or rebuild it from source, which references libtorch-cpu-{platform}",
                loaderMessage)
            : new BackendProblem(BackendProblemKind.Other,
                $"loading {library} failed: {FirstLoaderLine(loaderMessage)}",
                "run 'rnnzoo doctor' for the loader's whole message",
                loaderMessage);
    }

    /// <summary>CUDA asked for (<c>--device cuda</c>) where this libtorch or this machine has none.</summary>
    public static BackendProblem CudaUnavailable(string device) =>
        new(BackendProblemKind.CudaUnavailable,
            $"--device {device} asked for CUDA, but rnnzoo carries libtorch's CPU build (or no NVIDIA GPU and driver are here)",
            "use --device cpu; CUDA needs a CUDA build of libtorch (libtorch-cuda-12.8-*, referenced instead of libtorch-cpu-* in a build from source), an NVIDIA GPU and its driver");

    /// <summary>
    /// A problem from an exception that TorchSharp or the runtime threw while loading libtorch, for a failure that
    /// the probe before the command did not foresee; null when <paramref name="exception"/> is not one.
    /// </summary>
    public static BackendProblem? FromException(Exception exception, string platform, IReadOnlyCollection<string> builtFor)
    {
        var chain = new List<Exception>();
        for (var e = exception; e is not null; e = e.InnerException) chain.Add(e);
        foreach (var e in chain)
        {
            switch (e)
            {
                case DllNotFoundException dll:
                    return FromLoadFailure(LibraryNamed(dll.Message), dll.Message, platform, builtFor);
                case NotSupportedException ns when ns.Message.Contains("libtorch", StringComparison.OrdinalIgnoreCase):
                    // TorchSharp's own message when its loads failed: "... doesn't contain a reference to libtorch-cpu-..."
                    return new BackendProblem(BackendProblemKind.MissingBackend,
                        $"TorchSharp found no loadable libtorch for {platform}",
                        $"reinstall rnnzoo (dotnet tool install), or build it from source, which references libtorch-cpu-{platform}",
                        ns.Message);
                case InvalidOperationException io when io.Message.StartsWith("Torch device type CUDA did not initialise", StringComparison.Ordinal):
                    return CudaUnavailable("cuda") with { LoaderMessage = io.Message };
            }
        }
        var init = chain.OfType<TypeInitializationException>().FirstOrDefault(t => t.TypeName?.StartsWith("TorchSharp", StringComparison.Ordinal) == true);
        return init is null ? null
            : new BackendProblem(BackendProblemKind.Other, $"TorchSharp did not initialise ({init.TypeName}: {chain[^1].Message.Split('\n')[0]})",
                "run 'rnnzoo doctor' for what the loader says", string.Join(Environment.NewLine, chain.Select(c => c.Message)));
    }

    private static bool IsVariantOf(string file, string library)
    {
        var stem = file;
        if (stem.StartsWith("lib", StringComparison.Ordinal) && !library.StartsWith("lib", StringComparison.Ordinal)) stem = stem[3..];
        var dot = stem.IndexOf('.');
        if (dot >= 0) stem = stem[..dot];
        return stem == library;
    }

    private static string LibraryNamed(string message)
    {
        var m = Regex.Match(message, "load (?:shared library|DLL) '([^']+)'");
        if (!m.Success) return "libtorch";
        var name = Path.GetFileNameWithoutExtension(m.Groups[1].Value);
        return name.StartsWith("lib", StringComparison.Ordinal) && name != "libtorch" ? name[3..] : name;
    }

    /// <summary>
    /// The loader's lines worth reading: the first, and those that are not "no such file" for a name variant that was
    /// merely tried (.NET tries prefix and suffix variants in each folder).
    /// </summary>
    public static IReadOnlyList<string> InformativeLines(string loaderMessage)
    {
        var lines = loaderMessage.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length <= 1) return lines;
        var informative = lines.Skip(1).Where(l => !l.EndsWith("cannot open shared object file: No such file or directory", StringComparison.Ordinal)).ToList();
        return new[] { lines[0] }.Concat(informative.Count > 0 ? informative : lines.Skip(1).Take(3)).ToList();
    }

    private static string FirstLoaderLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 1 ? lines[^1] : lines.FirstOrDefault() ?? message;
    }

    // glibc's dlerror: "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /x/libLibTorchSharp.so)"
    [GeneratedRegex(@"(?<from>[^\s:]+): version `(?<version>[^']+)' not found \(required by (?<by>[^)]+)\)")]
    private static partial Regex MissingVersion();

    // glibc's dlerror: "/x/libLibTorchSharp.so: undefined symbol: _ZNK5torch2nn6Module5clone..."
    [GeneratedRegex(@"(?<library>[^\s:]+): undefined symbol: (?<symbol>\S+)")]
    private static partial Regex UndefinedSymbol();

    // glibc's dlerror: "/x/libtorch_cpu.so: cannot open shared object file: No such file or directory"
    [GeneratedRegex(@"(?m)^(?<file>[^\n:]+): cannot open shared object file")]
    private static partial Regex Unopened();
}
