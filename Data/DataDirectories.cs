namespace RnnZoo.Data;

/// <summary>
/// Where RnnZoo keeps downloaded archives and caches: an explicit folder when given, else the
/// <c>RNNZOO_DATA</c> environment variable, else <c>$XDG_CACHE_HOME/rnnzoo</c> (or <c>~/.cache/rnnzoo</c>)
/// on Linux and macOS and <c>%LOCALAPPDATA%\rnnzoo</c> on Windows.
/// </summary>
public static class DataDirectories
{
    /// <summary>Name of the environment variable that overrides the default folder.</summary>
    public const string EnvironmentVariable = "RNNZOO_DATA";

    /// <summary>Resolves the cache root by the rule in the class summary (the folder is not created).</summary>
    public static string ResolveCacheRoot(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory)) return Path.GetFullPath(explicitDirectory);
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "rnnzoo");
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDir = !string.IsNullOrWhiteSpace(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "rnnzoo");
    }
}
