using RnnZoo.Data.Text;

namespace RnnZoo.Tests.Data.Text;

public class KerasTokenizerTests
{
    [Test]
    public void Tokenize_LowersFiltersAndSplits_LikeTextToWordSequence()
    {
        // keras text_to_word_sequence("Hello, World! It's a TEST-case.") == ['hello', 'world', "it's", 'a', 'test', 'case']
        var words = new KerasTokenizer().Tokenize("Hello, World! It's a TEST-case.");
        Assert.That(words, Is.EqualTo(new[] { "hello", "world", "it's", "a", "test", "case" }));
    }

    [Test]
    public void Tokenize_StripsHtmlBreaks_ByDefault()
    {
        var words = new KerasTokenizer().Tokenize("Good.<br /><br />Really<BR>good<br/>film");
        Assert.That(words, Is.EqualTo(new[] { "good", "really", "good", "film" }));
    }

    [Test]
    public void Tokenize_KeepsBreaksAsBr_WhenKerasCompatible()
    {
        // Keras' filters turn "<br />" into " br  ", hence the word "br" in its IMDB index.
        var words = new KerasTokenizer(stripHtmlBreaks: false).Tokenize("Good.<br /><br />film");
        Assert.That(words, Is.EqualTo(new[] { "good", "br", "br", "film" }));
    }

    [Test]
    public void Tokenize_SplitsOnAnyWhiteSpace()
    {
        Assert.That(new KerasTokenizer().Tokenize("a\tb\nc\r\nd  e"), Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
    }

    [Test]
    public void Vocabulary_RanksByFrequency_TiesInOrdinalOrder()
    {
        var vocab = Vocabulary.Build([["b", "a", "c", "c"], ["a", "d"]]);
        Assert.That(vocab.Words, Is.EqualTo(new[] { "a", "c", "b", "d" }));
        Assert.That(vocab.RankOf("a"), Is.EqualTo(1));
        Assert.That(vocab.RankOf("zzz"), Is.EqualTo(0));
    }
}
