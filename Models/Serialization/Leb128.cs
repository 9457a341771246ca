namespace RnnZoo.Models.Serialization;

/// <summary>The unsigned LEB128 numbers of TorchSharp's state files (entry count, dtype, rank and sizes).</summary>
internal static class Leb128
{
    public static long Read(BinaryReader reader)
    {
        long result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = reader.ReadByte();
            result |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("malformed LEB128 number");
    }

    public static void Write(BinaryWriter writer, long value)
    {
        var v = (ulong)value;
        do
        {
            var b = (byte)(v & 0x7f);
            v >>= 7;
            writer.Write(v == 0 ? b : (byte)(b | 0x80));
        } while (v != 0);
    }
}
