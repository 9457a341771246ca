using RnnZoo.Tests.Support;
using RnnZoo.Data.Csv;
using RnnZoo.Data.Text;

namespace RnnZoo.Tests.Data.Text;

[TestFixture]
public class TextCollectionTests : TempFolderTests
{
    private string Folder(params (string Label, string Name, byte[] Bytes)[] files)
    {
        var root = Path.Combine(Dir, "collection-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (label, name, bytes) in files)
        {
            Directory.CreateDirectory(Path.Combine(root, label));
            File.WriteAllBytes(Path.Combine(root, label, name), bytes);
        }
        return root;
    }

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    [Test]
    public void ACsv_WithQuotedTextOverLines_AndAnyLabelNames()
    {
        var path = Path.Combine(Dir, "texts.csv");
        File.WriteAllText(path, "id;review;verdict\r\n1;\"Great, \"\"really\"\" great\nfilm\";thumbs up\r\n2;Dull.;thumbs down\r\n3;Fine;meh\r\n");
        var collection = TextCollection.Load(path, new TextCollectionOptions(TextColumn: "review", LabelColumn: "verdict"));
        Assert.That(collection.Documents.Select(d => d.Text), Is.EqualTo(new[] { "Great, \"really\" great\nfilm", "Dull.", "Fine" }));
        Assert.That(collection.Labels, Is.EqualTo(new[] { "meh", "thumbs down", "thumbs up" }), "sorted ordinally: class k is Labels[k]");
        Assert.That(collection.Documents[1].Origin, Is.EqualTo("texts.csv:4"), "the line its row starts on");
        Assert.That(() => TextCollection.Load(path), Throws.ArgumentException.With.Message.Contains("Text column 'text' is not in texts.csv"));
    }

    [Test]
    public void AFolder_OfLabelSubFolders_RefusesInvalidDocumentsNamingThem_OrSkipsThemWhenAsked()
    {
        var root = Folder(("pos", "a.txt", Utf8("good")), ("pos", "b.txt", [0xC3, 0x28]), ("neg", "c.txt", Utf8("  ")), ("neg", "d.txt", Utf8("bad")),
            ("neg", "e.bin", [1, 0, 2]), ("unsup", "f.txt", Utf8("no label")));
        var e = Assert.Throws<InvalidDataException>(() => TextCollection.Load(root, new TextCollectionOptions(ExcludeLabels: ["unsup"])))!;
        Assert.That(e.Message, Does.Contain("3 document(s)").And.Contain("b.txt (not valid UTF-8)").And.Contain("c.txt (empty)").And.Contain("e.bin (binary").And.Contain("--skip-invalid"));
        var skipped = TextCollection.Load(root, new TextCollectionOptions(ExcludeLabels: ["unsup"], SkipInvalid: true));
        Assert.That((skipped.Documents.Count, skipped.Skipped), Is.EqualTo((2, 3)));
        Assert.That(skipped.Labels, Is.EqualTo(new[] { "neg", "pos" }));
        Assert.That(() => TextCollection.Load(Folder(("only", "x.txt", Utf8("text")))), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("one label only"));
    }

    [Test]
    public void Split_IsStratifiedAndSeeded()
    {
        var files = Enumerable.Range(0, 30).Select(i => ("a", $"{i}.txt", Utf8($"a {i}")))
            .Concat(Enumerable.Range(0, 10).Select(i => ("b", $"{i}.txt", Utf8($"b {i}")))).ToArray();
        var collection = TextCollection.Load(Folder(files));
        var (train, validation, test) = collection.Split(0.2, 0.1, seed: 4);
        int Count(int[] part, string label) => part.Count(i => collection.Documents[i].Label == label);
        // Per label: round(30 · 0.2) = 6 and round(30 · 0.1) = 3 of a, round(10 · 0.2) = 2 and 1 of b.
        Assert.That((Count(validation, "a"), Count(validation, "b"), Count(test, "a"), Count(test, "b")), Is.EqualTo((6, 2, 3, 1)));
        Assert.That(train.Concat(validation).Concat(test).Order(), Is.EqualTo(Enumerable.Range(0, 40)), "every document in exactly one part");
        Assert.That(collection.Split(0.2, 0.1, seed: 4).Validation, Is.EqualTo(validation), "the same seed, the same split");
        Assert.That(collection.Split(0.2, 0.1, seed: 5).Validation, Is.Not.EqualTo(validation));
    }
}
