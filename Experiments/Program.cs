using System.CommandLine;

namespace RnnZoo.Experiments;

/// <summary>Entry point of the <c>rnnzoo</c> command line.</summary>
public static class Program
{
    /// <summary>Builds the command tree: one sub-command per file under <c>Commands/</c>.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new RootCommand("RnnZoo: recurrent neural networks on TorchSharp - experiments, data checks and benchmarks.");
        return root;
    }

    /// <summary>Runs the command line; exit codes: 0 success, 1 failure, 2 bad usage.</summary>
    public static int Main(string[] args) => BuildRootCommand().Parse(args).Invoke();
}
