namespace RnnZoo.Experiments.Diagnostics;

/// <summary>The files mapped into this process (Linux's <c>/proc/self/maps</c>): where the loaded libraries came from.</summary>
public static class ProcessMaps
{
    /// <summary>The distinct file paths of a maps listing, in order of first appearance.</summary>
    /// <param name="maps">Lines such as <c>7f..-7f.. r-xp 00000000 fe:01 1234   /usr/lib/libstdc++.so.6.0.30</c>.</param>
    public static IReadOnlyList<string> MappedFiles(string maps)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in maps.Split('\n'))
        {
            // Six fields; the path (which may hold spaces) is the rest of the line after the inode.
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6) continue;
            var path = fields[5].Trim();
            if (path.StartsWith('/') && !path.EndsWith(" (deleted)", StringComparison.Ordinal) && seen.Add(path)) files.Add(path);
        }
        return files;
    }

    /// <summary>This process's mapped files; empty where there is no <c>/proc/self/maps</c> (Windows, macOS).</summary>
    public static IReadOnlyList<string> Current()
    {
        try { return File.Exists("/proc/self/maps") ? MappedFiles(File.ReadAllText("/proc/self/maps")) : Array.Empty<string>(); }
        catch (IOException) { return Array.Empty<string>(); }
        catch (UnauthorizedAccessException) { return Array.Empty<string>(); }
    }

    /// <summary>The first mapped file whose name starts with <paramref name="fileNamePrefix"/>, e.g. <c>libstdc++.so.6</c>.</summary>
    public static string? Find(IEnumerable<string> files, string fileNamePrefix) =>
        files.FirstOrDefault(f => Path.GetFileName(f).StartsWith(fileNamePrefix, StringComparison.Ordinal));
}
