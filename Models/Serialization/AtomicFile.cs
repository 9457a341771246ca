namespace RnnZoo.Models.Serialization;

/// <summary>Writes a file through a temporary one beside it, renamed at the end: a crash never leaves half a file.</summary>
internal static class AtomicFile
{
    /// <summary>Creates <paramref name="path"/>'s folder, lets <paramref name="write"/> write the temporary path, then renames it to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        write(temporary);
        File.Move(temporary, full, overwrite: true);
    }
}
