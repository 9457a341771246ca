using System.Text.Json;
using RnnZoo.Data;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// The one writer of a run folder: an exclusive OS file lock on <c>run.lock</c>, held for as long as the run (or the
/// evaluation, or the sweep task) writes there. The operating system releases it when the process ends, however it
/// ends (kill -9 included): there is never a stale lock to clean up by hand. Who holds it is written beside it
/// (<c>run.lock.owner</c>), so that a second writer is refused with the holder's process id.
/// </summary>
public sealed class RunLock : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string FileName = "run.lock";

    private readonly FileStream _stream;
    private readonly string _ownerFile;

    private RunLock(FileStream stream, string ownerFile) => (_stream, _ownerFile) = (stream, ownerFile);

    /// <summary>Who holds a lock.</summary>
    /// <param name="ProcessId">The holder's process id.</param>
    /// <param name="Host">The machine it runs on.</param>
    /// <param name="Since">When it took the lock (UTC).</param>
    /// <param name="Command">What it is doing.</param>
    public sealed record Owner(int ProcessId, string Host, DateTime Since, string Command);

    /// <summary>Takes the lock of <paramref name="folder"/> (created if needed), or fails at once.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="command">What the holder does, shown to whoever is refused.</param>
    /// <exception cref="RunFolderBusyException">Another process holds it; the message names it.</exception>
    public static RunLock Acquire(string folder, string command)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var ownerFile = path + ".owner";
        FileStream stream;
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Linux and macOS, a sharing lock on Windows.
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var holder = ReadOwner(ownerFile);
            throw new RunFolderBusyException(folder, holder is null
                ? $"'{folder}' is in use by another process (it holds {path}); wait for it to finish or stop it."
                : $"'{folder}' is in use by process {holder.ProcessId} on {holder.Host} since {holder.Since:yyyy-MM-dd HH:mm:ss} UTC ({holder.Command}); wait for it to finish or stop it.");
        }
        File.WriteAllText(ownerFile, JsonSerializer.Serialize(new Owner(Environment.ProcessId, Environment.MachineName, DateTime.UtcNow, command), JsonFormat.Compact));
        return new RunLock(stream, ownerFile);
    }

    /// <summary>True when some process holds the lock of <paramref name="folder"/> now.</summary>
    public static bool IsHeld(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) return false;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException) { return true; }
    }

    /// <summary>Who holds (or last held, if it was killed) the lock of <paramref name="folder"/>, or null when that is not recorded.</summary>
    public static Owner? HolderOf(string folder) => ReadOwner(Path.Combine(folder, FileName + ".owner"));

    private static Owner? ReadOwner(string file)
    {
        try { return JsonSerializer.Deserialize<Owner>(File.ReadAllText(file), JsonFormat.Compact); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose()
    {
        try { File.Delete(_ownerFile); } catch (IOException) { }
        _stream.Dispose();
    }
}

/// <summary>A run folder is being written by another process.</summary>
public sealed class RunFolderBusyException(string folder, string message) : IOException(message)
{
    /// <summary>The folder.</summary>
    public string Folder { get; } = folder;
}
