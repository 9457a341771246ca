using System.Text.Json;
using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Serialization;
using RnnZoo.Models.Tasks;
using RnnZoo.Tests.Support;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Serialization;

/// <summary>
/// Weights from real PyTorch (1.13, fixtures written by scripts/pytorch/fixtures.py) load into RnnZoo's networks and
/// give PyTorch's outputs to 1e-5; RnnZoo's saves load back; mismatches are named.
/// </summary>
[TestFixture]
public class PyTorchWeightsTests
{
    private const double Tolerance = 1e-5;
    private static readonly PrefixMap ClassifierMap = PrefixMap.Parse(new[] { "encoder.=rnn.", "head.=fc." });

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Models", "Serialization", "Fixtures", name);

    private static JsonElement Json(string name) => JsonDocument.Parse(File.ReadAllText(Fixture(name))).RootElement;

    private static long[] Longs(JsonElement e) => e.EnumerateArray().Select(v => v.GetInt64()).ToArray();

    private static Tensor Floats(JsonElement values, JsonElement shape) =>
        tensor(values.EnumerateArray().Select(v => v.GetSingle()).ToArray(), Longs(shape));

    /// <summary>The fixture's bidirectional 2-layer nn.LSTM(3, 5) as an RnnZoo network.</summary>
    private static RecurrentNetwork Lstm(RecurrentImplementation implementation) =>
        Recurrent.Create(RnnKind.Lstm, 3, 5, layers: 2, bidirectional: true, implementation: implementation);

    /// <summary>The fixture's GRU classifier: Embedding(30, 6), GRU(6, 7), max over valid steps, Linear(7, 2).</summary>
    private static SequenceClassifier GruClassifier(int hidden = 7) =>
        new(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Gru, 6, hidden), 2, VocabularySize: 30, EmbeddingSize: 6, Pooling: Pooling.Max));

    private static (RecurrentNetwork Network, double Output, double H, double C) CheckLstm(string file, RecurrentImplementation implementation)
    {
        var expected = Json("bilstm2.json");
        var network = Lstm(implementation);
        PyTorchWeights.Load(network, Fixture(file));
        network.eval();
        using var noGrad = no_grad();
        var (output, state) = network.forward(Floats(expected.GetProperty("inputs"), expected.GetProperty("input_shape")), tensor(Longs(expected.GetProperty("lengths"))));
        return (network,
            TensorAssert.Close(output, Floats(expected.GetProperty("output"), expected.GetProperty("output_shape")), Tolerance, $"{file} outputs"),
            TensorAssert.Close(state.H, Floats(expected.GetProperty("h_n"), expected.GetProperty("state_shape")), Tolerance, $"{file} h_n"),
            TensorAssert.Close(state.C!, Floats(expected.GetProperty("c_n"), expected.GetProperty("state_shape")), Tolerance, $"{file} c_n"));
    }

    [TestCase("bilstm2.pt", RecurrentImplementation.Fused)]
    [TestCase("bilstm2.safetensors", RecurrentImplementation.Fused)]
    [TestCase("bilstm2.pt", RecurrentImplementation.Reference)]
    public void PyTorchBiLstm2_GivesPyTorchsOutputsAndStates(string file, RecurrentImplementation implementation)
    {
        var (network, output, h, c) = CheckLstm(file, implementation);
        network.Dispose();
        TestContext.Out.WriteLine($"PyTorch agreement {file} ({implementation}): outputs {output:E2}, h_n {h:E2}, c_n {c:E2}");
    }

    [TestCase("gru_classifier.pt")]
    [TestCase("gru_classifier.safetensors")]
    public void PyTorchGruClassifier_GivesPyTorchsLogits(string file)
    {
        var expected = Json("gru_classifier.json");
        using var model = GruClassifier();
        PyTorchWeights.Load(model, Fixture(file), ClassifierMap);
        model.eval();
        using var noGrad = no_grad();
        var logits = model.forward(tensor(Longs(expected.GetProperty("ids"))).view(Longs(expected.GetProperty("input_shape"))), tensor(Longs(expected.GetProperty("lengths"))));
        var diff = TensorAssert.Close(logits, Floats(expected.GetProperty("logits"), expected.GetProperty("output_shape")), Tolerance, file);
        TestContext.Out.WriteLine($"PyTorch agreement {file}: logits {diff:E2}");
    }

    [Test]
    public void Load_WithoutTheMap_NamesTheMissingAndTheExtraKeys_AndLeavesTheModelAlone()
    {
        using var model = GruClassifier();
        var before = model.state_dict()["encoder.weight_ih_l0"].clone();
        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Load(model, Fixture("gru_classifier.pt")))!;
        Assert.That(error.Message, Does.Contain("'encoder.weight_ih_l0' [21, 6] is missing from the file"));
        Assert.That(error.Message, Does.Contain("'rnn.weight_ih_l0' in the file has no counterpart in the model"));
        Assert.That(error.Message, Does.Contain("'fc.bias' in the file has no counterpart"));
        Assert.That(model.state_dict()["encoder.weight_ih_l0"].allclose(before, 0, 0), "the model must not change when the check fails");
    }

    [Test]
    public void Load_WrongShape_NamesTheParameterAndBothShapes()
    {
        using var model = GruClassifier(hidden: 8);
        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Load(model, Fixture("gru_classifier.safetensors"), ClassifierMap))!;
        Assert.That(error.Message, Does.Contain("'encoder.weight_hh_l0' (file name 'rnn.weight_hh_l0'): the model expects shape [24, 8], the file has [21, 7]"));
        Assert.That(error.Message, Does.Contain("'head.weight' (file name 'fc.weight'): the model expects shape [2, 8], the file has [2, 7]"));
    }

    [Test]
    public void PrefixMap_LongestPrefixWins_AndBadRulesAreRefused()
    {
        var map = PrefixMap.Parse(new[] { "encoder.=", "encoder.weight_hh=hh." });
        Assert.That(map.ToFile("encoder.weight_ih_l0"), Is.EqualTo("weight_ih_l0"));
        Assert.That(map.ToFile("encoder.weight_hh_l0"), Is.EqualTo("hh._l0"));
        Assert.That(map.ToModel("weight_ih_l0"), Is.EqualTo("encoder.weight_ih_l0"));
        Assert.That(map.ToFile("head.weight"), Is.EqualTo("head.weight"));
        Assert.That(() => PrefixMap.Parse(new[] { "encoder.rnn." }), Throws.ArgumentException.With.Message.Contains("MODEL_PREFIX=FILE_PREFIX"));
        Assert.That(() => PrefixMap.Parse(new[] { "a.=b.", "a.=c." }), Throws.ArgumentException.With.Message.Contains("'a.'"));
    }

    [Test]
    public void UnknownExtension_IsRefusedByName()
    {
        using var model = GruClassifier();
        Assert.That(() => PyTorchWeights.Save(model, "weights.h5"), Throws.ArgumentException.With.Message.Contains(".h5"));
    }

    [TestCase(".pt")]
    [TestCase(".safetensors")]
    [TestCase(".bin")]
    public void Save_ThenLoad_GivesTheSameWeights(string extension)
    {
        manual_seed(21);
        using var source = new SequenceClassifier(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Lstm, 4, 3, 2, true), 2, VocabularySize: 12, EmbeddingSize: 4));
        manual_seed(22);
        using var target = new SequenceClassifier(source.Spec);
        var path = Path.Combine(Path.GetTempPath(), $"rnnzoo-weights-{Guid.NewGuid():N}{extension}");
        try
        {
            PyTorchWeights.Save(source, path, ClassifierMap);
            Assert.That(StateDictFile.Read(path).Keys, Does.Contain("rnn.weight_hh_l1_reverse").And.Contain("fc.weight").And.Contain("embedding.weight"));
            PyTorchWeights.Load(target, path, ClassifierMap);
            foreach (var (name, value) in source.state_dict())
                Assert.That(target.state_dict()[name].allclose(value, 0, 0), name);
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void StateDictFile_ConvertsBetweenTheThreeFormats_Exactly()
    {
        var original = StateDictFile.Read(Fixture("bilstm2.pt"));
        var work = Directory.CreateTempSubdirectory("rnnzoo-convert-").FullName;
        try
        {
            var bin = Path.Combine(work, "a.bin");
            var safetensors = Path.Combine(work, "b.safetensors");
            var pt = Path.Combine(work, "c.pt");
            StateDictFile.Write(bin, original);
            StateDictFile.Write(safetensors, StateDictFile.Read(bin));
            StateDictFile.Write(pt, StateDictFile.Read(safetensors));
            var back = StateDictFile.Read(pt);
            Assert.That(back.Keys, Is.EquivalentTo(original.Keys)); // PyBridge reads a .pt into a Hashtable: the order is not kept
            foreach (var (name, value) in original) Assert.That(back[name].allclose(value, 0, 0), name);
            // A TorchSharp .bin written here loads with TorchSharp's own Module.load too.
            using var network = Lstm(RecurrentImplementation.Fused);
            ModelFile.Load(network, bin);
            Assert.That(network.state_dict()["weight_ih_l1_reverse"].allclose(original["weight_ih_l1_reverse"], 0, 0));
        }
        finally { Directory.Delete(work, true); }
    }

    /// <summary>
    /// RnnZoo -> .pt -> PyTorch: saves freshly initialised models of both fixture kinds as .pt, with RnnZoo's outputs on
    /// the fixture batches, into RNNZOO_ROUNDTRIP_DIR (a temporary folder when unset), and checks that they load back.
    /// The PyTorch side is checked by hand: scripts/pytorch/fixtures.py check DIR (see the script).
    /// </summary>
    [Test]
    public void PyTorchRoundTrip_WritesPtFilesWithRnnZoosOutputs()
    {
        var folder = Environment.GetEnvironmentVariable("RNNZOO_ROUNDTRIP_DIR");
        var temporary = folder is null;
        folder ??= Directory.CreateTempSubdirectory("rnnzoo-roundtrip-").FullName;
        Directory.CreateDirectory(folder);
        try
        {
            using var noGrad = no_grad();
            manual_seed(31);
            var lstmBatch = Json("bilstm2.json");
            using (var network = Lstm(RecurrentImplementation.Fused))
            {
                network.eval();
                var (output, state) = network.forward(Floats(lstmBatch.GetProperty("inputs"), lstmBatch.GetProperty("input_shape")), tensor(Longs(lstmBatch.GetProperty("lengths"))));
                PyTorchWeights.Save(network, Path.Combine(folder, "bilstm2.pt"));
                File.WriteAllText(Path.Combine(folder, "bilstm2.rnnzoo.json"), JsonSerializer.Serialize(new
                {
                    output = TensorAssert.Values(output), h_n = TensorAssert.Values(state.H), c_n = TensorAssert.Values(state.C!),
                }));
                using var back = Lstm(RecurrentImplementation.Reference);
                PyTorchWeights.Load(back, Path.Combine(folder, "bilstm2.pt"));
                back.eval();
                TensorAssert.Close(back.forward(Floats(lstmBatch.GetProperty("inputs"), lstmBatch.GetProperty("input_shape")), tensor(Longs(lstmBatch.GetProperty("lengths")))).Output,
                    output, Tolerance, "bilstm2.pt read back");
            }
            var gruBatch = Json("gru_classifier.json");
            using (var model = GruClassifier())
            {
                model.eval();
                var logits = model.forward(tensor(Longs(gruBatch.GetProperty("ids"))).view(Longs(gruBatch.GetProperty("input_shape"))), tensor(Longs(gruBatch.GetProperty("lengths"))));
                PyTorchWeights.Save(model, Path.Combine(folder, "gru_classifier.pt"), ClassifierMap);
                File.WriteAllText(Path.Combine(folder, "gru_classifier.rnnzoo.json"), JsonSerializer.Serialize(new { logits = TensorAssert.Values(logits) }));
                Assert.That(StateDictFile.Read(Path.Combine(folder, "gru_classifier.pt")).Keys,
                    Is.EquivalentTo(new[] { "embedding.weight", "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "fc.weight", "fc.bias" }));
            }
        }
        finally
        {
            if (temporary) Directory.Delete(folder, true);
        }
    }
}
