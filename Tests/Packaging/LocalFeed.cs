using System.Diagnostics;
using RnnZoo.Experiments.Diagnostics;
using static RnnZoo.Tests.Support.DotnetCli;

namespace RnnZoo.Tests.Packaging;

/// <summary>
/// RnnZoo's packages packed from this checkout into a temporary folder feed, once per test run and only when a test
/// asks for them (<see cref="Libraries"/>: RnnZoo.Models, RnnZoo.Data, RnnZoo.Training; <see cref="Tool"/>: the rnnzoo
/// tool for this machine's platform), with a version of their own so that the NuGet cache never serves an older
/// package of the same number. <see cref="PackagingCleanup"/> deletes the folder and the cached versions afterwards.
/// </summary>
internal static class LocalFeed
{
    public static readonly string[] LibraryIds = { "RnnZoo.Models", "RnnZoo.Data", "RnnZoo.Training" };
    public static readonly string[] LibraryProjects = { "Models/RnnZoo.Models.csproj", "Data/RnnZoo.Data.csproj", "Training/RnnZoo.Training.csproj" };
    public const string ToolId = "rnnzoo";

    private static readonly Lazy<string> WorkFolder = new(() => Directory.CreateTempSubdirectory("rnnzoo-pack-").FullName);
    private static readonly Lazy<IReadOnlyList<string>> PackedLibraries = new(PackLibraries);
    private static readonly Lazy<(string Pointer, string Platform, TimeSpan Time)> PackedTool = new(PackTool);

    /// <summary>The packages' version, e.g. <c>0.1.0-test20261201093000</c>.</summary>
    public static string Version { get; } = $"0.1.0-test{DateTime.UtcNow:yyyyMMddHHmmss}";

    /// <summary>The feed folder (created on first use).</summary>
    public static string Folder => Path.Combine(WorkFolder.Value, "feed");

    /// <summary>A new empty folder for a test's own files, deleted with the feed.</summary>
    public static string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(WorkFolder.Value, name)).FullName;

    /// <summary>The three libraries' .nupkg files, packed on first use.</summary>
    public static IReadOnlyList<string> Libraries() => PackedLibraries.Value;

    /// <summary>The tool's pointer package and this platform's package, packed on first use, and how long the pack took.</summary>
    public static (string Pointer, string Platform, TimeSpan Time) Tool() => PackedTool.Value;

    /// <summary>
    /// A nuget.config in <paramref name="folder"/> that adds <see cref="Folder"/> as a source; with <paramref name="only"/>,
    /// as the only one (no registry is asked for anything).
    /// </summary>
    public static string WriteNuGetConfig(string folder, bool only)
    {
        var path = Path.Combine(folder, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>{(only ? "\n    <clear />" : "")}
                <add key="rnnzoo-local" value="{Folder}" />
              </packageSources>
            </configuration>
            """);
        return path;
    }

    private static IReadOnlyList<string> PackLibraries()
    {
        var root = RepositoryRoot();
        foreach (var project in LibraryProjects)
        {
            var (code, output) = Dotnet(root, "pack", project, "-c", "Release", "-o", Folder, $"-p:Version={Version}", "-nologo", "-v", "quiet");
            if (code != 0) throw new InvalidOperationException($"dotnet pack {project} failed ({code}):\n{output}");
        }
        return LibraryIds.Select(id => Path.Combine(Folder, $"{id}.{Version}.nupkg")).ToList();
    }

    private static (string, string, TimeSpan) PackTool()
    {
        var rid = NativeLibraryCheck.PlatformRuntimeIdentifier;
        var watch = Stopwatch.StartNew();
        // Only this machine's platform: the others' packages hold their own libtorch (hundreds of MB each) and cannot run here.
        var (code, output) = Dotnet(RepositoryRoot(), "pack", "Experiments/RnnZoo.Experiments.csproj", "-c", "Release", "-o", Folder,
                                    $"-p:Version={Version}", $"-p:RnnZooToolRuntimeIdentifiers={rid}", "-nologo", "-v", "quiet");
        watch.Stop();
        if (code != 0) throw new InvalidOperationException($"dotnet pack of the tool failed ({code}):\n{output}");
        return (Path.Combine(Folder, $"{ToolId}.{Version}.nupkg"), Path.Combine(Folder, $"{ToolId}.{rid}.{Version}.nupkg"), watch.Elapsed);
    }

    /// <summary>Deletes the work folder and this version's packages in the NuGet cache (consumers restore them there).</summary>
    public static void Delete()
    {
        if (!WorkFolder.IsValueCreated) return;
        if (Directory.Exists(WorkFolder.Value)) Directory.Delete(WorkFolder.Value, true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in LibraryIds.Append(ToolId).Append($"{ToolId}.{NativeLibraryCheck.PlatformRuntimeIdentifier}"))
        {
            var cached = Path.Combine(cache, id.ToLowerInvariant(), Version);
            if (Directory.Exists(cached)) Directory.Delete(cached, true);
        }
    }
}
