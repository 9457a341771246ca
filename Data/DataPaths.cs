namespace RnnZoo.Data;

/// <summary>Where RnnZoo keeps downloaded data and caches.</summary>
public static class DataPaths
{
    /// <summary>The environment variable that overrides the default data directory.</summary>
    public const string EnvironmentVariable = "RNNZOO_DATA";

    /// <summary>
    /// The data directory: <paramref name="explicitDirectory"/> if given, else <c>$RNNZOO_DATA</c>, else
    /// <c>$XDG_CACHE_HOME/rnnzoo</c> or <c>~/.cache/rnnzoo</c> (the user's cache folder on other systems).
    /// </summary>
    public static string CacheDirectory(string? explicitDirectory = null)
    {
        if (!string.IsNullOrEmpty(explicitDirectory)) return Path.GetFullPath(explicitDirectory);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDirectory = !string.IsNullOrEmpty(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDirectory, "rnnzoo");
    }
}
