using System.IO.Compression;

namespace RnnZoo.Data.Imdb;

/// <summary>Binary cache of tokenised IMDB (vocabulary and rank sequences), written atomically, checked on read.</summary>
internal static class TokenCache
{
    public const int Version = 1;
    private const int Magic = 0x5A4E4E52; // "RNNZ"

    public static void Write(string path, ImdbDataset.TokenizedImdb t)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + $".{Environment.ProcessId}.tmp";
        using (var file = File.Create(temporary))
        using (var zip = new BrotliStream(file, CompressionLevel.Fastest))
        using (var w = new BinaryWriter(zip))
        {
            w.Write(Magic); w.Write(Version);
            w.Write(t.Words.Length); foreach (var word in t.Words) w.Write(word);
            WriteSplit(w, t.TrainRanks, t.TrainLabels, t.TrainRatings);
            WriteSplit(w, t.TestRanks, t.TestLabels, t.TestRatings);
            w.Write(Magic); // end marker: a truncated file lacks it
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static void WriteSplit(BinaryWriter w, int[][] ranks, long[] labels, int[] ratings)
    {
        w.Write(ranks.Length);
        for (var i = 0; i < ranks.Length; i++)
        {
            w.Write((byte)labels[i]); w.Write((byte)ratings[i]); w.Write(ranks[i].Length);
            foreach (var r in ranks[i]) w.Write(r);
        }
    }

    public static ImdbDataset.TokenizedImdb Read(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var zip = new BrotliStream(file, CompressionMode.Decompress);
            using var r = new BinaryReader(zip);
            if (r.ReadInt32() != Magic || r.ReadInt32() != Version) throw new InvalidDataException("not an RnnZoo token cache of this version");
            var words = new string[r.ReadInt32()];
            for (var i = 0; i < words.Length; i++) words[i] = r.ReadString();
            var (trainRanks, trainLabels, trainRatings) = ReadSplit(r);
            var (testRanks, testLabels, testRatings) = ReadSplit(r);
            if (r.ReadInt32() != Magic) throw new InvalidDataException("missing end marker");
            return new ImdbDataset.TokenizedImdb(words, trainRanks, trainLabels, trainRatings, testRanks, testLabels, testRatings);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            throw new InvalidDataException($"token cache '{path}' is damaged: {e.Message}", e);
        }
    }

    private static (int[][], long[], int[]) ReadSplit(BinaryReader r)
    {
        var n = r.ReadInt32();
        var ranks = new int[n][]; var labels = new long[n]; var ratings = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = r.ReadByte(); ratings[i] = r.ReadByte();
            var seq = new int[r.ReadInt32()];
            for (var j = 0; j < seq.Length; j++) seq[j] = r.ReadInt32();
            ranks[i] = seq;
        }
        return (ranks, labels, ratings);
    }
}
