using SkiaSharp;

namespace RnnZoo.Tests.Training.Plots;

/// <summary>Reads back the charts the tests write.</summary>
internal static class Png
{
    /// <summary>Decodes <paramref name="path"/> (it must be a PNG that SkiaSharp can read) and returns the bitmap.</summary>
    public static SKBitmap Decode(string path)
    {
        Assert.That(File.Exists(path), Is.True, $"{path} was not written");
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes[..8], Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "PNG signature");
        var bitmap = SKBitmap.Decode(bytes);
        Assert.That(bitmap, Is.Not.Null, $"{path} does not decode");
        return bitmap;
    }

    /// <summary>Width and height of the decoded PNG.</summary>
    public static (int Width, int Height) Size(string path)
    {
        using var bitmap = Decode(path);
        return (bitmap.Width, bitmap.Height);
    }

    /// <summary>Pixels of the band of rows [<paramref name="top"/>, <paramref name="bottom"/>) that are clearly darker than white.</summary>
    public static int DarkPixels(SKBitmap bitmap, int top, int bottom)
    {
        var count = 0;
        for (var y = top; y < bottom; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Alpha > 0 && c.Red + c.Green + c.Blue < 3 * 128) count++;
            }
        return count;
    }
}
