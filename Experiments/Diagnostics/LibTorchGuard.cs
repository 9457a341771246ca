using System.CommandLine;
using System.CommandLine.Parsing;
using TorchSharp;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary>
/// Keeps a libtorch that does not load from surfacing as a stack trace: a command that needs it stops before it
/// starts, with <see cref="BackendProblem.Explain"/> (the same two lines for every command) and exit code 1; commands
/// that never touch it (list, doctor, results, bench-report, help, version) run anyway.
/// </summary>
public static class LibTorchGuard
{
    /// <summary>Top-level commands that run without libtorch.</summary>
    public static readonly IReadOnlySet<string> CommandsWithoutLibTorch = new HashSet<string>(StringComparer.Ordinal)
    {
        "list", "doctor", "results", "bench-report",
    };

    /// <summary>Whether the parsed command needs libtorch: any sub-command but those of <see cref="CommandsWithoutLibTorch"/>.</summary>
    public static bool Needs(ParseResult parse)
    {
        string? topLevel = null;
        for (SymbolResult? r = parse.CommandResult; r is CommandResult { Parent: CommandResult } c; r = c.Parent) topLevel = c.Command.Name;
        return topLevel is not null && !CommandsWithoutLibTorch.Contains(topLevel);
    }

    /// <summary>
    /// Before the command runs: null to go on; else the exit code (1) after writing the explanation to
    /// <paramref name="error"/>, when libtorch does not load or CUDA is asked for (<c>--device cuda</c>) and absent.
    /// </summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="error">Where the explanation goes (standard error).</param>
    /// <param name="probe">The probe to judge by (default: this process's, <see cref="NativeLibraryCheck.Current"/>).</param>
    public static int? Check(ParseResult parse, TextWriter error, LibTorchProbe? probe = null)
    {
        if (!Needs(parse)) return null;
        probe ??= NativeLibraryCheck.Current;
        if (!probe.Loaded)
        {
            error.WriteLine(probe.Problem!.Explain());
            return 1;
        }
        var device = parse.CommandResult.Command.Options.Any(o => o.Name == "--device") ? parse.GetValue<string>("--device") : null;
        if (device is not null && device.Trim().StartsWith("cuda", StringComparison.OrdinalIgnoreCase) && !torch.cuda.is_available())
        {
            error.WriteLine(BackendProblem.CudaUnavailable(device).Explain());
            return 1;
        }
        return null;
    }

    /// <summary>
    /// For an exception that escaped a command: the problem when it is a failure to load or initialise libtorch
    /// (<see cref="DllNotFoundException"/>, TorchSharp's type initialiser, its missing-backend message, CUDA that did not
    /// initialise), else null.
    /// </summary>
    public static BackendProblem? ProblemOf(Exception exception) =>
        BackendProblem.FromException(exception, NativeLibraryCheck.PlatformRuntimeIdentifier, BuildInfo.LibTorchRuntimeIdentifiers.ToList());
}
