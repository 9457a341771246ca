using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Serialization;

/// <summary>
/// Named tensors in TorchSharp's state-dictionary format (what <c>Module.save</c> writes: a LEB128 count, then per
/// entry the name and the tensor), read without a module to load them into.
/// </summary>
public static class StateDictionary
{
    /// <summary>The bytes of <paramref name="tensors"/> in TorchSharp's format.</summary>
    public static byte[] ToBytes(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var scope = torch.NewDisposeScope();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            nn.Module.save_state_dict(writer, tensors.ToDictionary(p => p.Key, p => p.Value.detach().cpu().contiguous()));
        return stream.ToArray();
    }

    /// <summary>The tensors in <paramref name="bytes"/> (CPU; they belong to the caller's DisposeScope).</summary>
    /// <exception cref="InvalidDataException">Truncated or malformed bytes.</exception>
    public static Dictionary<string, Tensor> FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var reader = new BinaryReader(new MemoryStream(bytes), System.Text.Encoding.UTF8);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            var count = ReadLeb128(reader);
            for (long i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                result[name] = TensorExtensionMethods.Load(reader);
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw new InvalidDataException($"Not a complete state dictionary: {e.Message}", e);
        }
        return result;
    }

    /// <summary>An unsigned LEB128 number, as TorchSharp writes counts, dtypes and sizes.</summary>
    /// <exception cref="InvalidDataException">More than 64 bits.</exception>
    public static long ReadLeb128(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        long result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("malformed LEB128 number");
    }
}
