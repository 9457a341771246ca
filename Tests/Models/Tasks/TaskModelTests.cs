using RnnZoo.Models;
using RnnZoo.Models.Initialization;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Serialization;
using RnnZoo.Models.Tasks;
using RnnZoo.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Tasks;

[TestFixture]
public class TaskModelTests
{
    private static SequenceClassifierSpec Seed002(RecurrentImplementation implementation = RecurrentImplementation.Fused) =>
        new(new RecurrentSpec(RnnKind.Lstm, 50, 100, Layers: 2, Implementation: implementation),
            Classes: 2, VocabularySize: 10000, EmbeddingSize: 50, Init: InitScheme.Keras);

    [Test]
    public void Classifier_Seed002Shapes_AndKerasEmbeddingInit()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var model = new SequenceClassifier(Seed002());
        var tokens = randint(1, 10000, new long[] { 3, 12 });
        var logits = model.forward(tokens, tensor(new long[] { 12, 5, 1 }));
        Assert.That(logits.shape, Is.EqualTo(new long[] { 3, 2 }));
        var names = model.named_parameters().Select(p => p.name).ToList();
        Assert.That(names, Does.Contain("embedding.weight").And.Contain("encoder.weight_ih_l1").And.Contain("head.weight"));
        var embedding = model.named_parameters().First(p => p.name == "embedding.weight").parameter;
        Assert.That(embedding.abs().max().item<float>(), Is.LessThanOrEqualTo(0.05f), "Keras embedding U(-0.05, 0.05)");
        Assert.That(embedding[0].abs().sum().item<float>(), Is.Zero, "padding row");
    }

    [TestCase(Pooling.Last)]
    [TestCase(Pooling.Mean)]
    [TestCase(Pooling.Max)]
    public void Classifier_PaddingDoesNotChangeTheResult(Pooling pooling)
    {
        // Each sequence classified alone equals the same sequence in a post-padded batch with lengths.
        using var scope = NewDisposeScope();
        manual_seed(2);
        var spec = new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Gru, 8, 6, Bidirectional: true),
            Classes: 3, VocabularySize: 50, EmbeddingSize: 8, Pooling: pooling);
        var model = new SequenceClassifier(spec);
        model.eval();
        var tokens = randint(1, 50, new long[] { 2, 7 });
        tokens[1, 4..] = tensor(0L); // sequence 1 has 4 tokens, then padding
        var batched = model.forward(tokens, tensor(new long[] { 7, 4 }));
        TensorAssert.Close(batched[0..1], model.forward(tokens[0..1], null), 1e-5, "sequence 0");
        TensorAssert.Close(batched[1..2], model.forward(tokens[1..2, ..4], null), 1e-5, "sequence 1");
    }

    [Test]
    public void Pooling_MatchesHandComputedValues()
    {
        using var scope = NewDisposeScope();
        // outputs [1, 3, 2] with the last step padding (length 2):
        var outputs = tensor(new float[] { 1, 6, 3, 2, 0, 0 }).view(1, 3, 2);
        var lengths = tensor(new long[] { 2 });
        Assert.That(TensorAssert.Values(SequencePooling.Pool(outputs, lengths, 1, Pooling.Last)), Is.EqualTo(new double[] { 3, 2 }));
        Assert.That(TensorAssert.Values(SequencePooling.Pool(outputs, lengths, 1, Pooling.Mean)), Is.EqualTo(new double[] { 2, 4 }));
        Assert.That(TensorAssert.Values(SequencePooling.Pool(outputs, lengths, 1, Pooling.Max)), Is.EqualTo(new double[] { 3, 6 }));
        // Bidirectional (forward unit 0, backward unit 1): forward at step 1, backward at step 0.
        Assert.That(TensorAssert.Values(SequencePooling.Pool(outputs, lengths, 2, Pooling.Last)), Is.EqualTo(new double[] { 3, 6 }));
    }

    [Test]
    public void Regressor_EveryStepAndMultiStepForecastShapes()
    {
        using var scope = NewDisposeScope();
        var seed001 = new SequenceRegressor(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Rnn, 1, 128), Output: RegressionOutput.EveryStep));
        Assert.That(seed001.forward(randn(4, 50, 1), null).shape, Is.EqualTo(new long[] { 4, 50, 1 }));
        var forecaster = new SequenceRegressor(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Lstm, 4, 16, Layers: 2), Outputs: 1, Horizon: 7));
        Assert.That(forecaster.forward(randn(3, 30, 4), tensor(new long[] { 30, 20, 10 })).shape, Is.EqualTo(new long[] { 3, 7, 1 }));
        Assert.That(() => new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Rnn, 1, 8), Output: RegressionOutput.EveryStep, Horizon: 3).Validate(),
            Throws.ArgumentException.With.Message.Contains("Horizon"));
        Assert.That(() => forecaster.forward(randn(3, 30, 5), null), Throws.ArgumentException.With.Message.Contains("expected shape [*, *, 4], got [3, 30, 5]"));
    }

    [Test]
    public void Classifier_HiddenProbeGradient_HasOneNormPerStep()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var model = new SequenceClassifier(Seed002(RecurrentImplementation.Reference) with { VocabularySize = 100, Recurrent = new RecurrentSpec(RnnKind.Lstm, 50, 10, Layers: 2, Implementation: RecurrentImplementation.Reference) });
        var tokens = randint(1, 100, new long[] { 2, 9 });
        var (logits, probe) = model.ForwardWithHiddenStates(tokens, null);
        TensorAssert.Close(logits, model.forward(tokens, null), 1e-6, "same logits as forward");
        nn.functional.cross_entropy(logits, tensor(new long[] { 0, 1 })).backward();
        Assert.That(probe.grad!.shape, Is.EqualTo(new long[] { 2, 9, 10 }));
        Assert.That(probe.grad!.abs().sum(new long[] { 0, 2 }).min().item<float>(), Is.GreaterThan(0), "every step gets a gradient");
    }

    [Test]
    public void SaveLoad_SameOutputs_AndShapeMismatchNamesTheParameter()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var dir = Directory.CreateTempSubdirectory("rnnzoo-").FullName;
        try
        {
            var path = Path.Combine(dir, "model.bin");
            var spec = new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Gru, 8, 6), Classes: 2, VocabularySize: 30, EmbeddingSize: 8);
            var model = new SequenceClassifier(spec);
            ModelFile.Save(model, path);
            var copy = new SequenceClassifier(spec);
            ModelFile.Load(copy, path);
            var tokens = randint(1, 30, new long[] { 2, 5 });
            TensorAssert.Close(copy.forward(tokens, null), model.forward(tokens, null), 0, "loaded model");

            var wider = new SequenceClassifier(spec with { Recurrent = spec.Recurrent with { HiddenSize = 7 } });
            var before = TensorAssert.Values(wider.named_parameters().First().parameter);
            Assert.That(() => ModelFile.Load(wider, path),
                Throws.InstanceOf<InvalidDataException>().With.Message.Contains("'encoder.weight_ih_l0': the model expects shape [21, 8], the file has [18, 8]"));
            Assert.That(TensorAssert.Values(wider.named_parameters().First().parameter), Is.EqualTo(before), "nothing loaded on failure");

            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
            Assert.That(() => ModelFile.Load(copy, path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("truncated"));
            Assert.That(() => ModelFile.Load(copy, Path.Combine(dir, "missing.bin")), Throws.InstanceOf<FileNotFoundException>());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void ClassifierSpec_BadArguments_AreRefused()
    {
        var rnn = new RecurrentSpec(RnnKind.Lstm, 50, 100);
        Assert.That(() => new SequenceClassifier(new SequenceClassifierSpec(rnn, Classes: 0)), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Classes"));
        Assert.That(() => new SequenceClassifier(new SequenceClassifierSpec(rnn, 2, VocabularySize: 100, EmbeddingSize: 40)),
            Throws.ArgumentException.With.Message.Contains("Recurrent.InputSize: expected 40 (the EmbeddingSize), got 50"));
        using var scope = NewDisposeScope();
        var model = new SequenceClassifier(new SequenceClassifierSpec(rnn, 2, VocabularySize: 100, EmbeddingSize: 50));
        Assert.That(() => model.forward(zeros(2, 5), null), Throws.ArgumentException.With.Message.Contains("int64"));
    }
}

[TestFixture]
public class CellSequenceModelTests
{
    [Test]
    public void Seed003And004Cells_PredictAtEveryStep_AndExposeTheHiddenProbe()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var seed003 = new CellSequenceModel(new RnnZoo.Models.Cells.WuvCell(10, 5, 1));
        var x = randn(3, 10, 10);
        var y = seed003.forward(x, null);
        Assert.That(y.shape, Is.EqualTo(new long[] { 3, 10, 1 }));
        var (probed, probe) = seed003.ForwardWithHiddenStates(x, null);
        TensorAssert.Close(probed, y, 1e-6, "the probe does not change the outputs");
        probed[.., ^1, ..].sum().backward();
        Assert.That(probe.grad!.shape, Is.EqualTo(new long[] { 3, 10, 5 }));
        Assert.That(probe.grad![.., 0, ..].abs().sum().item<float>(), Is.GreaterThan(0), "h_0 reaches y_T through the recurrence");

        var seed004 = new CellSequenceModel(new RnnZoo.Models.Cells.ConcatHiddenCell(10, 20, 1));
        Assert.That(seed004.forward(x, tensor(new long[] { 10, 4, 1 })).shape, Is.EqualTo(new long[] { 3, 10, 1 }));
        Assert.That(seed004.named_parameters().Select(p => p.name), Is.EquivalentTo(new[] { "layer.cell.i2h.weight", "layer.cell.i2h.bias", "layer.cell.i2o.weight", "layer.cell.i2o.bias" }));
    }
}
