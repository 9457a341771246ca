using System.Buffers;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace RnnZoo.Data.Imdb;

/// <summary>
/// What makes a file of a review folder a review: its name (<c>ID_RATING.txt</c>, a rating that fits the folder) and
/// its bytes (UTF-8 text, not binary, not blank). Each check gives the problem in plain words, or null.
/// </summary>
internal static partial class ReviewFiles
{
    /// <summary>Largest review file read (the longest official review has 13.7 kB): anything bigger is not a review.</summary>
    public const long MaxBytes = 16 << 20;

    // Share of control characters (other than tab, line feed, vertical tab, form feed and carriage return) above which a
    // text counts as binary. Real text has almost none: of the official 50,000 labelled reviews 2 hold any (one DLE; four
    // backspaces, 0.12% of that review's characters), while a binary file that happens to decode as UTF-8 is full of them.
    private const double MaxControlShare = 0.05;

    [GeneratedRegex(@"(?:^|/)(train|test)/(pos|neg)/([^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReviewFolderPath();

    [GeneratedRegex(@"^([0-9]+)_([0-9]+)\.txt$", RegexOptions.CultureInvariant)]
    private static partial Regex ReviewName();

    /// <summary>Whether <paramref name="path"/> (a relative path or an archive entry, '/' or '\' separated) names a file
    /// directly in a review folder. Hidden files (<c>.DS_Store</c>, macOS' <c>._*</c> companions) never do.</summary>
    public static bool InReviewFolder(string path, out ImdbSplitName split, out int label, out string fileName)
    {
        split = default; label = 0; fileName = "";
        var m = ReviewFolderPath().Match(path.Replace('\\', '/'));
        if (!m.Success || m.Groups[3].Value.StartsWith('.')) return false;
        split = m.Groups[1].Value == "train" ? ImdbSplitName.Train : ImdbSplitName.Test;
        label = m.Groups[2].Value == "pos" ? 1 : 0;
        fileName = m.Groups[3].Value;
        return true;
    }

    /// <summary>Why <paramref name="fileName"/> is not the name of a review in the folder of <paramref name="label"/>, or null
    /// (then <paramref name="id"/> and <paramref name="rating"/> are set). pos holds ratings 7-10, neg 1-4.</summary>
    public static string? CheckName(string fileName, int label, out int id, out int rating)
    {
        id = 0; rating = 0;
        var m = ReviewName().Match(fileName);
        if (!m.Success) return "misnamed: a review is named ID_RATING.txt, e.g. 123_8.txt";
        if (!int.TryParse(m.Groups[1].ValueSpan, out id)) return $"misnamed: id {m.Groups[1].Value} is too large";
        if (!int.TryParse(m.Groups[2].ValueSpan, out rating) || rating is < 1 or > 10) return $"misnamed: rating {m.Groups[2].Value} is not 1-10";
        return (label == 1 ? rating >= 7 : rating <= 4)
            ? null
            : $"rating {rating} contradicts its folder {(label == 1 ? "pos, which holds ratings 7-10" : "neg, which holds ratings 1-4")}";
    }

    /// <summary>Why <paramref name="bytes"/> are not a review's text, or null (then <paramref name="text"/> holds it, a
    /// UTF-8 byte-order mark removed). Decoding is strict: an invalid UTF-8 sequence is an error, never a U+FFFD.</summary>
    public static string? CheckText(ReadOnlySpan<byte> bytes, out string text)
    {
        text = "";
        if (bytes.IsEmpty) return "empty: 0 bytes";
        if (bytes.StartsWith([(byte)0xFF, (byte)0xFE]) || bytes.StartsWith([(byte)0xFE, (byte)0xFF]))
            return "UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8";
        if (bytes.IndexOf((byte)0) is var nul and >= 0) return $"binary: a NUL byte at offset {nul}";
        if (bytes.StartsWith([(byte)0xEF, (byte)0xBB, (byte)0xBF])) bytes = bytes[3..];
        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
            if (status != System.Buffers.OperationStatus.Done)
                return $"not valid UTF-8: byte 0x{bytes[read]:X2} at offset {read}";
            var span = chars.AsSpan(0, written);
            int controls = 0;
            foreach (var c in span)
                if ((c < ' ' && c is not ('\t' or '\n' or '\v' or '\f' or '\r')) || c == '\u007F') controls++;
            if (controls > MaxControlShare * span.Length) return $"binary: {controls} control characters in {span.Length}";
            if (span.IsWhiteSpace()) return $"empty: only white space, {bytes.Length} bytes";
            text = new string(span);
            return null;
        }
        finally { ArrayPool<char>.Shared.Return(chars); }
    }
}
