using RnnZoo.Data.Imdb;
using RnnZoo.Data.Text;
using RnnZoo.Tests.Data.Imdb;

namespace RnnZoo.Tests.Data.Text;

/// <summary>The word index an ONNX export carries encodes text exactly as <see cref="TextEncoder.Encode"/> does.</summary>
[TestFixture]
public class WordIndexTests
{
    private static readonly string[] Texts =
    {
        "A great film.<br /><br />Great acting, great story!",
        "Boring and BAD.<BR>I don't recommend it; the plot is dull (and unknownword).",
        "",
        "zzz qqq",
    };

    [TestCase(HtmlBreakHandling.Strip, null)]
    [TestCase(HtmlBreakHandling.KeepAsBrToken, null)]
    [TestCase(HtmlBreakHandling.Strip, 8)]
    public void Encode_MatchesEncodeText_AfterAJsonRoundTrip(HtmlBreakHandling breaks, int? numWords)
    {
        using var fixture = new ImdbFixture();
        var data = ImdbDataset.Load(fixture.Root, new ImdbOptions(NumWords: numWords, HtmlBreaks: breaks), fixture.Cache);
        var index = WordIndex.FromJson(WordIndex.From(data.Encoder, maxLen: 500).ToJson());
        if (numWords is { } n) Assert.That(index.Words.Values, Has.All.LessThan(n), "only the ids the model reads");
        foreach (var text in Texts)
            Assert.That(index.Encode(text), Is.EqualTo(data.Encoder.Encode(text).Ids), text);
    }

    [Test]
    public void Encode_KeepsTheLastMaxLenIds_AsPadSequencesTruncatingPre()
    {
        using var fixture = new ImdbFixture();
        var data = ImdbDataset.Load(fixture.Root, new ImdbOptions(), fixture.Cache);
        var index = WordIndex.From(data.Encoder, maxLen: 3);
        var full = data.Encoder.Encode(Texts[0]).Ids;
        Assert.That(index.Encode(Texts[0]), Is.EqualTo(full[^3..]));
        Assert.That(() => WordIndex.FromJson("{\"words\": 3}"), Throws.TypeOf<InvalidDataException>());
    }
}
