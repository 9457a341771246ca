using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RnnZoo.Tests.Support;

/// <summary>Runs the <c>dotnet</c> command line on projects the tests write (consumer projects, README examples).</summary>
public static class DotnetCli
{
    /// <summary>The folder holding RnnZoo.sln, above the test output.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RnnZoo.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("RnnZoo.sln not found above the test output.");
    }

    /// <summary>Runs <c>dotnet ARGUMENTS</c> in <paramref name="workingDirectory"/>; exit code and stdout + stderr (-1 after 5 minutes).</summary>
    public static (int Code, string Output) Run(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); return (-1, "timed out"); }
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
