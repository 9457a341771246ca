using System.Text;
using System.Text.RegularExpressions;

namespace RnnZoo.Data.Text;

/// <summary>
/// Keras' <c>text_to_word_sequence</c>, plus the removal of HTML line breaks. The exact rule:
/// <list type="number">
/// <item>unless <c>keepLineBreaks</c>, every <c>&lt;br /&gt;</c> (also <c>&lt;br&gt;</c>, <c>&lt;br/&gt;</c>, any case) becomes a space;</item>
/// <item>lower-case (invariant culture);</item>
/// <item>each character of Keras' filter set <c>!"#$%&amp;()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c>, tab and newline becomes a space;</item>
/// <item>split on spaces (runs of them) and drop empty tokens.</item>
/// </list>
/// Apostrophes are kept ("don't" is one token), as in Keras. With <c>keepLineBreaks</c> the markup is
/// filtered like any text, leaving the token "br": what Keras' bundled IMDB index was built from.
/// </summary>
public static class KerasTokenizer
{
    /// <summary>Keras' default <c>filters</c>.</summary>
    public const string Filters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private static readonly Regex LineBreak = new(@"<br\s*/?>", RegexOptions.IgnoreCase | RegexOptions.Compiled);
    private static readonly bool[] IsFilter = BuildFilter();

    private static bool[] BuildFilter()
    {
        var table = new bool[128];
        foreach (var c in Filters) table[c] = true;
        return table;
    }

    /// <summary>The tokens of <paramref name="text"/>.</summary>
    public static List<string> Tokenize(string text, bool keepLineBreaks = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!keepLineBreaks) text = LineBreak.Replace(text, " ");
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c == ' ' || (c < 128 && IsFilter[c]))
            {
                if (current.Length > 0) { tokens.Add(current.ToString()); current.Clear(); }
            }
            else current.Append(c);
        }
        if (current.Length > 0) tokens.Add(current.ToString());
        return tokens;
    }
}
