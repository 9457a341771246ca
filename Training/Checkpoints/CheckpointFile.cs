using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RnnZoo.Data;

namespace RnnZoo.Training.Checkpoints;

/// <summary>
/// A checkpoint on disk: named sections (a JSON header, the model's weights, the optimizer's state, the random
/// state, ...) followed by a SHA-256 of everything before it. Written to a temporary file and renamed, so a
/// crash mid-write leaves the previous checkpoint intact; a truncated or altered file fails its checksum and
/// is refused with a message naming it.
/// </summary>
public static class CheckpointFile
{
    private static readonly byte[] Magic = "RNNZCKP1"u8.ToArray();

    /// <summary>Writes <paramref name="sections"/> atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, byte[]> sections)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + $".{Environment.ProcessId}.tmp";
        // Straight to the file through the hash: no copy of the whole checkpoint in memory (a model's weights and
        // its optimizer's state, megabytes to gigabytes, would be two more large arrays per save to collect).
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using var sha = SHA256.Create();
            using (var hashing = new CryptoStream(file, sha, CryptoStreamMode.Write, leaveOpen: true))
            using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(sections.Count);
                foreach (var (name, bytes) in sections)
                {
                    writer.Write(name);
                    writer.Write(bytes.LongLength);
                    writer.Write(bytes);
                }
                writer.Flush();
                hashing.FlushFinalBlock();
            }
            file.Write(sha.Hash!);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Reads and verifies a checkpoint.</summary>
    /// <exception cref="FileNotFoundException">No checkpoint at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, corrupt or not a checkpoint; the message names it.</exception>
    public static Dictionary<string, byte[]> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No checkpoint at '{path}'.", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 4 + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new InvalidDataException($"Checkpoint '{path}' is truncated or not an RnnZoo checkpoint ({bytes.Length} bytes). It was left as it is; delete it or resume from another.");
        var content = bytes.AsSpan(0, bytes.Length - 32);
        if (!SHA256.HashData(content).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt or truncated (checksum mismatch). It was left as it is; delete it or resume from another.");
        var sections = new Dictionary<string, byte[]>();
        using var reader = new BinaryReader(new MemoryStream(content.ToArray()), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            var length = reader.ReadInt64();
            sections[name] = reader.ReadBytes(checked((int)length));
        }
        return sections;
    }

    /// <summary>A JSON section in RnnZoo's convention (<see cref="JsonFormat.Compact"/>).</summary>
    public static T FromJson<T>(byte[] bytes) => JsonSerializer.Deserialize<T>(bytes, JsonFormat.Compact) ?? throw new InvalidDataException("empty checkpoint section");
}
