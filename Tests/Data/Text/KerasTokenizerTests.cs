using RnnZoo.Data.Text;

namespace RnnZoo.Tests.Data.Text;

[TestFixture]
public class KerasTokenizerTests
{
    [Test]
    public void Tokenize_LowerCasesFiltersAndSplits_KeepingApostrophes()
    {
        Assert.That(KerasTokenizer.Tokenize("Hello, World!<br />It's <BR/>GREAT...\tOK"),
            Is.EqualTo(new[] { "hello", "world", "it's", "great", "ok" }));
    }

    [Test]
    public void Tokenize_KeepLineBreaks_LeavesTheTokenBr_AsKerasIndexHas()
    {
        Assert.That(KerasTokenizer.Tokenize("One.<br /><br />Two", keepLineBreaks: true),
            Is.EqualTo(new[] { "one", "br", "br", "two" }));
    }
}
