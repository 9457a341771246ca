using System.Diagnostics;

namespace RnnZoo.Tests.Support;

/// <summary>Runs <c>dotnet</c> (and other programs) in child processes, for the tests that pack, restore and install.</summary>
internal static class DotnetCli
{
    /// <summary>The folder that holds RnnZoo.sln.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RnnZoo.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("RnnZoo.sln not found above the test output.");
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; exit code and both outputs (-1 on time-out).</summary>
    public static (int Code, string Output) Dotnet(string workingDirectory, params string[] arguments) =>
        Run("dotnet", workingDirectory, TimeSpan.FromMinutes(10), arguments);

    /// <summary>Runs <paramref name="file"/>; exit code and both outputs (-1 and "timed out" after <paramref name="timeout"/>).</summary>
    public static (int Code, string Output) Run(string file, string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout)) { process.Kill(true); return (-1, $"timed out after {timeout}: {file} {string.Join(' ', arguments)}"); }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
