using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Serialization;

/// <summary>
/// Saves and loads module weights in TorchSharp's own format (<c>Module.save</c>/<c>Module.load</c>), with the
/// checks TorchSharp leaves out: before anything is copied, the file's entries are compared with the module's
/// by name, dtype and shape, and a mismatch is reported by parameter name with both shapes. A truncated file
/// is reported as such. The module is left untouched when the check fails.
/// </summary>
public static class ModelFile
{
    /// <summary>Saves <paramref name="module"/>'s state to <paramref name="path"/> (temporary file, then rename).</summary>
    public static void Save(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        AtomicFile.Write(path, temporary =>
        {
            using var stream = File.Create(temporary);
            module.save(stream);
        });
    }

    /// <summary>Loads the state saved at <paramref name="path"/> into <paramref name="module"/>, after checking it fits.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is truncated, not a TorchSharp state file, or does not fit the module (names the parameter).</exception>
    public static void Load(nn.Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (!File.Exists(path)) throw new FileNotFoundException($"No saved model at '{path}'.", path);
        var entries = ReadEntries(path);
        var expected = module.state_dict();
        var problems = new List<string>();
        foreach (var (name, tensor) in expected)
        {
            if (!entries.TryGetValue(name, out var entry)) { problems.Add($"'{name}' {Guard.Describe(tensor.shape)} is missing from the file"); continue; }
            if (!entry.Shape.SequenceEqual(tensor.shape))
                problems.Add($"'{name}': the model expects shape {Guard.Describe(tensor.shape)}, the file has {Guard.Describe(entry.Shape)}");
            else if (entry.DType != tensor.dtype)
                problems.Add($"'{name}': the model expects dtype {tensor.dtype}, the file has {entry.DType}");
        }
        foreach (var name in entries.Keys.Where(n => !expected.ContainsKey(n)))
            problems.Add($"'{name}' in the file has no counterpart in the model");
        if (problems.Count > 0)
            throw new InvalidDataException($"The model saved at '{path}' does not fit this {module.GetType().Name}: {string.Join("; ", problems)}.");
        module.load(path);
    }

    /// <summary>An entry's header in a TorchSharp state file.</summary>
    public sealed record Entry(ScalarType DType, long[] Shape);

    /// <summary>Reads the names, dtypes and shapes stored in a TorchSharp state file, skipping the data.</summary>
    /// <exception cref="InvalidDataException">The file is truncated or malformed.</exception>
    public static Dictionary<string, Entry> ReadEntries(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var entries = new Dictionary<string, Entry>();
        try
        {
            // Layout written by Module.save: count, then per entry the key and Tensor.Save's
            // dtype, rank, dims (all LEB128) and the raw elements.
            var count = Leb128.Read(reader);
            for (long i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var dtype = (ScalarType)Leb128.Read(reader);
                var rank = Leb128.Read(reader);
                if (rank is < 0 or > 16) throw new InvalidDataException($"entry '{name}' has rank {rank}");
                var shape = new long[rank];
                for (var d = 0; d < rank; d++) shape[d] = Leb128.Read(reader);
                var bytes = shape.Aggregate(1L, (a, b) => a * b) * ElementSize(dtype);
                if (stream.Position + bytes > stream.Length)
                    throw new EndOfStreamException($"entry '{name}' needs {bytes} bytes, {stream.Length - stream.Position} remain");
                stream.Seek(bytes, SeekOrigin.Current);
                entries[name] = new Entry(dtype, shape);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or IOException or FormatException)
        {
            throw new InvalidDataException($"'{path}' is truncated or not a TorchSharp state file: {e.Message}.", e);
        }
        return entries;
    }

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 or ScalarType.ComplexFloat32 => 8,
        ScalarType.ComplexFloat64 => 16,
        _ => throw new InvalidDataException($"unsupported dtype {dtype}"),
    };
}
