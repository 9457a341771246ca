namespace RnnZoo.Data.Imdb;

/// <summary>Finds the IMDB data under a data directory.</summary>
public static class ImdbSource
{
    /// <summary>
    /// Resolves <paramref name="dataPath"/> to something <see cref="AclImdbReader"/> reads: the path itself when it
    /// is an archive or the aclImdb folder; else, inside it (and inside its <c>imdb/</c> folder), an
    /// <c>aclImdb/</c> folder or an <c>aclImdb_v1*.tar.gz</c> archive.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing found; the message lists where it looked and how to obtain the data.</exception>
    public static string Resolve(string dataPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        var full = Path.GetFullPath(dataPath);
        if (File.Exists(full)) return full;
        if (Directory.Exists(full) && Path.GetFileName(full.TrimEnd('/')) == "aclImdb") return full;
        var looked = new List<string>();
        foreach (var folder in new[] { full, Path.Combine(full, "imdb") })
        {
            if (!Directory.Exists(folder)) { looked.Add(folder); continue; }
            if (Directory.Exists(Path.Combine(folder, "aclImdb"))) return Path.Combine(folder, "aclImdb");
            var archive = Directory.EnumerateFiles(folder, "aclImdb_v1*.tar.gz").OrderBy(f => f, StringComparer.Ordinal).FirstOrDefault();
            if (archive is not null) return archive;
            looked.Add(folder);
        }
        throw new FileNotFoundException(
            $"No IMDB data found: looked for aclImdb/ or aclImdb_v1*.tar.gz in {string.Join(" and ", looked)}. {AclImdbReader.HowToObtain}", dataPath);
    }
}
