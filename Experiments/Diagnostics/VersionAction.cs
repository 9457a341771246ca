using System.CommandLine;
using System.CommandLine.Invocation;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary><c>rnnzoo --version</c>: RnnZoo's version, TorchSharp's and libtorch's (<see cref="BuildInfo.VersionText"/>), without loading libtorch.</summary>
public sealed class VersionAction : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        Console.WriteLine(BuildInfo.VersionText());
        return 0;
    }
}
