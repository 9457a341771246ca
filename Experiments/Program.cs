using System.CommandLine;
using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Experiments;

/// <summary>Entry point of the <c>rnnzoo</c> command line.</summary>
public static class Program
{
    /// <summary>Builds the command tree: one sub-command per file under <c>Commands/</c>.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("RnnZoo: recurrent neural networks on TorchSharp - experiments, data checks and benchmarks.");
        root.Subcommands.Add(Commands.BenchCommand.Create());
        root.Subcommands.Add(Commands.BenchReportCommand.Create());
        root.Subcommands.Add(Commands.OnnxBenchCommand.Create());
        root.Subcommands.Add(Commands.ConvertCommand.Create());
        root.Subcommands.Add(Commands.DataCommand.Create());
        root.Subcommands.Add(Commands.ExperimentCommands.List());
        root.Subcommands.Add(Commands.ExperimentCommands.Show());
        root.Subcommands.Add(Commands.ExperimentCommands.Run());
        root.Subcommands.Add(Commands.ForecastCommand.Create());
        root.Subcommands.Add(Commands.ClassifyCommand.Create());
        root.Subcommands.Add(Commands.ExperimentCommands.Eval());
        root.Subcommands.Add(Commands.ExperimentCommands.Predict());
        root.Subcommands.Add(Commands.ExportCommand.Create());
        root.Subcommands.Add(Commands.SweepCommand.Create());
        root.Subcommands.Add(Commands.ResultsCommand.Create());
        root.Subcommands.Add(Commands.DoctorCommand.Create());
        // --version: RnnZoo's, TorchSharp's and libtorch's versions.
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new VersionAction();
        return root;
    }

    /// <summary>Runs the command line; exit codes: 0 success, 1 failure (data, files, the run), 2 bad usage, 130 interrupted (resumable).</summary>
    public static int Main(string[] args)
    {
        var parse = BuildRootCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine("Run with --help for usage.");
            return 2;
        }
        // A command that needs libtorch stops here, in plain words with the fix, when it does not load (or CUDA is
        // asked for and absent); list, doctor, results and bench-report run without it.
        if (LibTorchGuard.Check(parse, Console.Error) is { } refused) return refused;
        // Before the first tensor operation, so that libtorch's worker threads inherit it (see Denormals);
        // bench --keep-denormals turns it off again before it makes any tensor.
        if (LibTorchGuard.Needs(parse))
        {
            RnnZoo.Models.Runtime.Denormals.Flush(true);
            RnnZoo.Models.Runtime.NativeAllocator.KeepLargeBuffers(); // tensor buffers from the heap, not mmap (see there)
        }
        try
        {
            // Our handler below turns expected failures into one line and exit code 1; the default would print a stack trace.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (LibTorchGuard.ProblemOf(e) is { } problem)
        {
            Console.Error.WriteLine(problem.Explain());
            return 1;
        }
        catch (Exception e) when (e is Commands.UsageException or RnnZoo.Training.Experiments.RunUsageException)
        {
            // Something given on the command line that cannot be done as asked: bad usage.
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FormatException or IOException or UnauthorizedAccessException or InvalidOperationException or NotSupportedException)
        {
            // The data, a file of a run or of the user, or the run itself failed (FileNotFound, DirectoryNotFound and RunFolderBusy are IOExceptions).
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
