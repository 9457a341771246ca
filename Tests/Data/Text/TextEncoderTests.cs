using RnnZoo.Data.Imdb;
using RnnZoo.Data.Text;
using RnnZoo.Tests.Data.Imdb;

namespace RnnZoo.Tests.Data.Text;

[TestFixture]
public class TextEncoderTests
{
    [Test]
    public void Encode_FollowsKerasIdConventions_AndCountsKnownWords()
    {
        // Ranks: film 1, bad 2, great 3 -> ids 4, 5, 6; num_words 6 keeps ids < 6, so "great" (6) is out of vocabulary (2).
        var encoder = new TextEncoder(new Vocabulary(["film", "bad", "great"]), new TextEncoding(NumWords: 6));
        var encoded = encoder.Encode("Great film, bad!");
        Assert.That(encoded.Ids, Is.EqualTo(new[] { 1, 2, 4, 5 }));
        Assert.That((encoded.Words, encoded.KnownWords), Is.EqualTo((3, 2)));
        var unknown = encoder.Encode("Zzz qqq.");
        Assert.That(unknown.Ids, Is.EqualTo(new[] { 1, 2, 2 }));
        Assert.That(unknown.KnownWords, Is.Zero);
        Assert.That(new TextEncoder(new Vocabulary(["film"]), new TextEncoding(OovChar: null)).Encode("film noir").Ids, Is.EqualTo(new[] { 1, 4 }), "no OOV id: unknown words removed");
        Assert.That(encoder.IdCount, Is.EqualTo(6));
    }

    [Test]
    public void SaveAndLoad_RoundTrip_KeepOnlyTheUsableWords_AndRefuseDamagedFiles()
    {
        var dir = Directory.CreateTempSubdirectory("rnnzoo-vocab-").FullName;
        try
        {
            var path = Path.Combine(dir, TextEncoder.FileName);
            var encoder = new TextEncoder(new Vocabulary(["film", "bad", "great", "dull"]), new TextEncoding(NumWords: 6, StripHtmlBreaks: false));
            encoder.Save(path);
            var loaded = TextEncoder.Load(path);
            Assert.That(loaded.Encoding, Is.EqualTo(encoder.Encoding));
            Assert.That(loaded.Vocabulary.Words, Is.EqualTo(new[] { "film", "bad" }), "ids 6 and up can never be read: not saved");
            foreach (var text in new[] { "Great film<br />, bad!", "dull dull film" })
                Assert.That(loaded.Encode(text).Ids, Is.EqualTo(encoder.Encode(text).Ids), text);

            File.WriteAllText(path, File.ReadAllText(path)[..20]);
            Assert.That(() => TextEncoder.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains(path));
            File.WriteAllText(path, "{\"format\": 1, \"encoding\": {}, \"words\": [\"a\", \"a\"]}");
            Assert.That(() => TextEncoder.Load(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("appears twice"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void ImdbLoad_WithASavedEncoder_EncodesOtherDataWithTheTrainingVocabulary()
    {
        using var fixture = new ImdbFixture();
        var original = ImdbDataset.Load(fixture.Tree, new ImdbOptions(NumWords: 12), useCache: false);
        var saved = original.Encoder;

        // Another collection whose own ranks differ (here "plot" is the most frequent word).
        var other = Directory.CreateTempSubdirectory("rnnzoo-imdb-other-").FullName;
        try
        {
            var texts = new Dictionary<string, string>
            {
                ["train/pos/0_9.txt"] = "plot plot plot good", ["train/neg/1_2.txt"] = "plot bad",
                ["test/pos/0_8.txt"] = "A great film, good plot.", ["test/neg/1_1.txt"] = "Bad bad film.",
            };
            foreach (var (rel, text) in texts)
            {
                var file = Path.Combine(other, "aclImdb", rel);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }
            var own = ImdbDataset.Load(other, new ImdbOptions(NumWords: 12), useCache: false);
            var reencoded = ImdbDataset.Load(other, new ImdbOptions(NumWords: 12), useCache: false, encoder: saved);
            for (var i = 0; i < reencoded.Test.Count; i++)
            {
                var text = reencoded.Test.Labels[i] == 1 ? texts["test/pos/0_8.txt"] : texts["test/neg/1_1.txt"];
                Assert.That(reencoded.Test.Sequences[i], Is.EqualTo(saved.Encode(text).Ids), text);
            }
            Assert.That(own.Test.Sequences, Is.Not.EqualTo(reencoded.Test.Sequences), "the collection's own vocabulary gives other ids");
            Assert.That(reencoded.Vocabulary.Words, Is.EqualTo(saved.Vocabulary.Words));
        }
        finally { Directory.Delete(other, true); }
    }
}
