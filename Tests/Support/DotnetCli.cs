using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RnnZoo.Tests.Support;

/// <summary>
/// Runs <c>dotnet</c> (and other programs) in child processes, for the tests that pack, restore, install and build
/// projects of their own (consumer projects, README examples).
/// </summary>
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

    /// <summary>
    /// Writes <paramref name="folder"/>/<paramref name="name"/>.csproj, a net10.0 console project with
    /// <paramref name="items"/> (MSBuild XML: item groups, imports) and <c>Program.cs</c> with <paramref name="program"/>.
    /// </summary>
    public static void WriteConsoleProject(string folder, string name, string items, string program)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            {items}
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
    }

    /// <summary>
    /// The C# code block that follows the marker <c>&lt;!-- example: NAME --&gt;</c> in README.md: the examples the
    /// README shows are the programs the tests build and run.
    /// </summary>
    public static string ReadmeExample(string name)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var match = Regex.Match(readme, $@"<!-- example: {Regex.Escape(name)} -->\s*```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline);
        if (!match.Success) throw new AssertionException($"README.md has no C# block after '<!-- example: {name} -->'.");
        return match.Groups["code"].Value;
    }
}
