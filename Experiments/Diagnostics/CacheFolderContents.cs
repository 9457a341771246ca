using RnnZoo.Data;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary>
/// RnnZoo's data cache folder (<see cref="DataDirectories.ResolveCacheRoot"/>) and what it holds: each top-level
/// entry with its size.
/// </summary>
/// <param name="Root">The folder.</param>
/// <param name="FromEnvironment">It was set with <c>RNNZOO_DATA</c>.</param>
/// <param name="Exists">The folder exists.</param>
/// <param name="Entries">Top-level entries (folders end in '/') with their sizes in bytes, largest first.</param>
public sealed record CacheFolderContents(string Root, bool FromEnvironment, bool Exists, IReadOnlyList<(string Name, long Bytes)> Entries)
{
    /// <summary>Reads <paramref name="root"/> (default: the resolved cache root).</summary>
    public static CacheFolderContents Read(string? root = null)
    {
        var fromEnvironment = root is null && !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(DataDirectories.EnvironmentVariable));
        root ??= DataDirectories.ResolveCacheRoot();
        var directory = new DirectoryInfo(root);
        if (!directory.Exists) return new CacheFolderContents(root, fromEnvironment, false, Array.Empty<(string, long)>());
        var entries = new List<(string Name, long Bytes)>();
        foreach (var entry in directory.EnumerateFileSystemInfos())
        {
            entries.Add(entry is DirectoryInfo sub
                ? (sub.Name + "/", sub.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Sum(f => f.Length))
                : (entry.Name, ((FileInfo)entry).Length));
        }
        return new CacheFolderContents(root, fromEnvironment, true, entries.OrderByDescending(e => e.Bytes).ThenBy(e => e.Name, StringComparer.Ordinal).ToList());
    }

    /// <summary>One line for <c>rnnzoo doctor</c>.</summary>
    public string Describe()
    {
        var where = $"{Root}{(FromEnvironment ? $" (from {DataDirectories.EnvironmentVariable})" : "")}";
        if (!Exists) return $"{where}: not created yet (downloads and caches go there)";
        if (Entries.Count == 0) return $"{where}: empty";
        var shown = Entries.Take(6).Select(e => $"{e.Name} {Size(e.Bytes)}");
        return $"{where}: {Size(Entries.Sum(e => e.Bytes))} in {Entries.Count} entr{(Entries.Count == 1 ? "y" : "ies")}: " +
               string.Join(", ", shown) + (Entries.Count > 6 ? ", ..." : "");
    }

    /// <summary>Bytes as B, KB, MB or GB (powers of 1024, one decimal from MB on).</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024} KB",
        < 1024L * 1024 * 1024 => FormattableString.Invariant($"{bytes / (1024.0 * 1024):F1} MB"),
        _ => FormattableString.Invariant($"{bytes / (1024.0 * 1024 * 1024):F1} GB"),
    };
}
