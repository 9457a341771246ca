using System.Text;

namespace RnnZoo.Data.Text;

/// <summary>
/// Word tokeniser with the rule of Keras' <c>text_to_word_sequence</c>, applied to review text.
/// </summary>
/// <remarks>
/// The exact rule, in order:
/// <list type="number">
/// <item>When <see cref="StripHtmlBreaks"/> is true (the default), every HTML line break
/// (<c>&lt;br /&gt;</c>, <c>&lt;br/&gt;</c>, <c>&lt;br&gt;</c>, any case) is replaced by a space. When false,
/// the break survives to step 3, which turns it into the word <c>br</c>, as in the text Keras' bundled
/// IMDB word index was built from.</item>
/// <item>The text is lower-cased (<see cref="string.ToLowerInvariant()"/>, Python's <c>str.lower</c>
/// for all the text IMDB holds).</item>
/// <item>Each of Keras' filter characters <c>!"#$%&amp;()*+,-./:;&lt;=&gt;?@[\]^_`{|}~</c> plus tab and
/// newline becomes a space. The apostrophe is not a filter, so <c>don't</c> stays one word.</item>
/// <item>The text is split on white space (any <see cref="char.IsWhiteSpace(char)"/>) and empty pieces
/// are dropped. Keras splits on the space character only; the two differ only for other white space
/// such as a carriage return or a no-break space, which Keras would leave inside a word.</item>
/// </list>
/// </remarks>
public sealed class KerasTokenizer
{
    /// <summary>Keras' default <c>filters</c> argument of <c>text_to_word_sequence</c>.</summary>
    public const string KerasFilters = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";

    private static readonly bool[] IsFilter = BuildFilterTable();

    /// <summary>Creates a tokeniser.</summary>
    /// <param name="stripHtmlBreaks">True (default): remove <c>&lt;br /&gt;</c>; false: keep it as the word <c>br</c> (Keras-compatible ranks).</param>
    public KerasTokenizer(bool stripHtmlBreaks = true) => StripHtmlBreaks = stripHtmlBreaks;

    /// <summary>Whether HTML line breaks are removed before filtering (see the class remarks).</summary>
    public bool StripHtmlBreaks { get; }

    /// <summary>Splits <paramref name="text"/> into words by the rule in the class remarks.</summary>
    public List<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>(text.Length / 5);
        var current = new StringBuilder(32);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '<' && StripHtmlBreaks && TryMatchBreak(text, i, out int end))
            {
                Flush(words, current);
                i = end - 1;
                continue;
            }
            if (char.IsWhiteSpace(c) || (c < IsFilter.Length && IsFilter[c]))
            {
                Flush(words, current);
                continue;
            }
            current.Append(char.ToLowerInvariant(c));
        }
        Flush(words, current);
        return words;
    }

    private static void Flush(List<string> words, StringBuilder current)
    {
        if (current.Length == 0) return;
        words.Add(current.ToString());
        current.Clear();
    }

    // Matches <br>, <br/>, <br />, <BR  /> at position i; end is the index after '>'.
    private static bool TryMatchBreak(string text, int i, out int end)
    {
        end = i;
        if (i + 3 > text.Length) return false;
        if (char.ToLowerInvariant(text[i + 1]) != 'b' || char.ToLowerInvariant(text[i + 2]) != 'r') return false;
        int j = i + 3;
        while (j < text.Length && text[j] == ' ') j++;
        if (j < text.Length && text[j] == '/') j++;
        if (j < text.Length && text[j] == '>') { end = j + 1; return true; }
        return false;
    }

    private static bool[] BuildFilterTable()
    {
        var table = new bool[128];
        foreach (char c in KerasFilters) table[c] = true;
        return table;
    }
}
