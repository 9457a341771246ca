using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Serialization;

/// <summary>
/// Named tensors in TorchSharp's state-dictionary format (what <c>Module.save</c> writes: a LEB128 count, then per
/// entry the name and <c>Tensor.Save</c>'s record), read and written without a module: for files
/// (<see cref="StateDictFile"/>) and for the sections of a checkpoint.
/// </summary>
public static class StateDictionary
{
    /// <summary>Writes <paramref name="tensors"/> (contiguous, on the CPU).</summary>
    public static void Write(BinaryWriter writer, IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(tensors);
        using var scope = torch.NewDisposeScope();
        Leb128.Write(writer, tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            writer.Write(name);
            tensor.detach().cpu().contiguous().Save(writer);
        }
    }

    /// <summary>Reads the tensors <see cref="Write"/> wrote (CPU; they belong to the caller's DisposeScope).</summary>
    /// <exception cref="InvalidDataException">Truncated or malformed data.</exception>
    public static Dictionary<string, Tensor> Read(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            var count = Leb128.Read(reader);
            for (long i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                result[name] = TensorExtensionMethods.Load(reader);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException or NotImplementedException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw new InvalidDataException($"Not a complete state dictionary: {e.Message}", e);
        }
        return result;
    }

    /// <summary>The bytes of <paramref name="tensors"/>.</summary>
    public static byte[] ToBytes(IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) Write(writer, tensors);
        return stream.ToArray();
    }

    /// <summary>The tensors in <paramref name="bytes"/>.</summary>
    public static Dictionary<string, Tensor> FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var reader = new BinaryReader(new MemoryStream(bytes), System.Text.Encoding.UTF8);
        return Read(reader);
    }
}
