using RnnZoo.Experiments.Onnx;
using RnnZoo.Training.Experiments;
using RnnZoo.Models;
using RnnZoo.Models.Cells;
using RnnZoo.Models.Export.Onnx;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Tasks;
using RnnZoo.Tests.Support;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Export;

/// <summary>
/// Every model of the zoo written as ONNX and run by ONNX Runtime gives TorchSharp's outputs to 1e-5 (float32) on a
/// post-padded batch of several lengths, with junk past each length (which neither may read). The tolerance is
/// absolute for outputs up to 1 in size and relative above (seed 002's NumPy cell, N(0, 1) weights, gives outputs
/// near 10, where float32's own spacing is 1e-6).
/// </summary>
[TestFixture]
public class OnnxExportTests
{
    private const double Tolerance = 1e-5;
    private static readonly long[] Lengths = { 9, 4, 1, 12, 7 };
    private const long Time = 12;

    private static IEnumerable<TestCaseData> Experiments() => Zoo.All.Select(e => new TestCaseData(e.Name).SetName($"Registry_{e.Name}"));

    [TestCaseSource(nameof(Experiments))]
    public void RegistryModel_OnnxRuntimeMatchesTorchSharp(string name)
    {
        var experiment = Zoo.Find(name);
        using var model = ModelFactory.Build(experiment.Model, seed: 3);
        var inputs = experiment.Model switch
        {
            ClassifierModel { Spec.VocabularySize: { } vocabulary } => randint(1, vocabulary, new[] { Lengths.LongLength, Time }),
            ClassifierModel c => randn(Lengths.Length, Time, c.Spec.Recurrent.InputSize),
            RegressorModel r => randn(Lengths.Length, Time, r.Spec.Recurrent.InputSize),
            CellModel m => randn(Lengths.Length, Time, m.InputSize),
            _ => throw new AssertionException($"unexpected model spec {experiment.Model}"),
        };
        AssertAgreement(model, inputs, name);
    }

    private static IEnumerable<TestCaseData> Classifiers()
    {
        RecurrentSpec R(RnnKind kind, int layers, bool bi, Nonlinearity act = Nonlinearity.Tanh, bool bias = true, RecurrentImplementation impl = RecurrentImplementation.Fused) =>
            new(kind, 6, 5, layers, bi, 0.2, impl, act, bias);
        yield return new TestCaseData(new SequenceClassifierSpec(R(RnnKind.Lstm, 2, true), 3), "bi-LSTM x2, last").SetName("Classifier_BiLstm2_Last");
        yield return new TestCaseData(new SequenceClassifierSpec(R(RnnKind.Lstm, 2, true), 3, VocabularySize: 40, EmbeddingSize: 6, Pooling: Pooling.Mean, Dropout: 0.5),
            "embedding, bi-LSTM x2, mean").SetName("Classifier_Embedding_BiLstm2_Mean");
        yield return new TestCaseData(new SequenceClassifierSpec(R(RnnKind.Lstm, 2, true, impl: RecurrentImplementation.Reference), 3, Pooling: Pooling.Max),
            "reference bi-LSTM x2, max").SetName("Classifier_ReferenceBiLstm2_Max");
        foreach (var pooling in Enum.GetValues<Pooling>())
            yield return new TestCaseData(new SequenceClassifierSpec(R(RnnKind.Gru, 1, true), 2, Pooling: pooling), $"bi-GRU, {pooling}").SetName($"Classifier_BiGru_{pooling}");
        yield return new TestCaseData(new SequenceClassifierSpec(R(RnnKind.Gru, 2, false), 2, Pooling: Pooling.Last), "GRU x2, last").SetName("Classifier_Gru2_Last");
        yield return new TestCaseData(new SequenceClassifierSpec(R(RnnKind.Rnn, 2, true, Nonlinearity.Relu), 2, Pooling: Pooling.Mean), "bi-RNN relu x2, mean").SetName("Classifier_BiRnnRelu2_Mean");
        yield return new TestCaseData(new SequenceClassifierSpec(R(RnnKind.Rnn, 1, false, Nonlinearity.Relu), 2, Pooling: Pooling.Last), "RNN relu, last").SetName("Classifier_RnnRelu_Last");
        yield return new TestCaseData(new SequenceClassifierSpec(R(RnnKind.Lstm, 1, true, bias: false), 2, Pooling: Pooling.Max), "bi-LSTM without bias, max").SetName("Classifier_BiLstmNoBias_Max");
    }

    [TestCaseSource(nameof(Classifiers))]
    public void Classifier_OnnxRuntimeMatchesTorchSharp(SequenceClassifierSpec spec, string what)
    {
        manual_seed(11);
        using var model = new SequenceClassifier(spec);
        var inputs = spec.VocabularySize is { } v ? randint(1, v, new[] { Lengths.LongLength, Time }) : randn(Lengths.Length, Time, spec.Recurrent.InputSize);
        AssertAgreement(model, inputs, what);
    }

    private static IEnumerable<TestCaseData> Regressors()
    {
        yield return new TestCaseData(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Gru, 3, 5, 2, true), Outputs: 2, Output: RegressionOutput.EveryStep),
            "bi-GRU x2 every step").SetName("Regressor_BiGru2_EveryStep");
        yield return new TestCaseData(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Lstm, 3, 5, 2, true), Outputs: 2, Horizon: 4),
            "bi-LSTM x2 forecast").SetName("Regressor_BiLstm2_LastStep");
        yield return new TestCaseData(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Rnn, 3, 5, Bidirectional: true, Nonlinearity: Nonlinearity.Relu), Horizon: 2),
            "bi-RNN relu forecast").SetName("Regressor_BiRnnRelu_LastStep");
    }

    [TestCaseSource(nameof(Regressors))]
    public void Regressor_OnnxRuntimeMatchesTorchSharp(SequenceRegressorSpec spec, string what)
    {
        manual_seed(12);
        using var model = new SequenceRegressor(spec);
        AssertAgreement(model, randn(Lengths.Length, Time, spec.Recurrent.InputSize), what);
    }

    private static IEnumerable<TestCaseData> Cells()
    {
        yield return new TestCaseData(new Func<RecurrentCell>(() => new ElmanCell(3, 4, Nonlinearity.Relu)), "Elman relu cell").SetName("Cell_ElmanRelu");
        yield return new TestCaseData(new Func<RecurrentCell>(() => new LstmCell(3, 4)), "LSTM cell").SetName("Cell_Lstm");
        yield return new TestCaseData(new Func<RecurrentCell>(() => new GruCell(3, 4)), "GRU cell").SetName("Cell_Gru");
        yield return new TestCaseData(new Func<RecurrentCell>(() => new WuvCell(3, 4, 2)), "W, U, V cell").SetName("Cell_Wuv");
        yield return new TestCaseData(new Func<RecurrentCell>(() => new ConcatHiddenCell(3, 4, 2)), "i2h/i2o cell").SetName("Cell_ConcatHidden");
    }

    [TestCaseSource(nameof(Cells))]
    public void CellModel_OnnxRuntimeMatchesTorchSharp(Func<RecurrentCell> cell, string what)
    {
        manual_seed(13);
        using var model = new CellSequenceModel(cell());
        AssertAgreement(model, randn(Lengths.Length, Time, 3), what);
    }

    [Test]
    public void OnnxModel_TakesAnyBatchAndTime()
    {
        manual_seed(14);
        using var model = new SequenceClassifier(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Lstm, 4, 3, 2, true), 2, VocabularySize: 20, EmbeddingSize: 4));
        model.eval();
        var path = Path.Combine(Path.GetTempPath(), $"rnnzoo-dynamic-{Guid.NewGuid():N}.onnx");
        try
        {
            OnnxExporter.Export(model, path);
            using var onnx = new OnnxRuntimeModel(path);
            foreach (var (batch, time) in new[] { (1, 1), (1, 30), (7, 3) })
            {
                using var scope = NewDisposeScope();
                var ids = randint(1, 20, new long[] { batch, time });
                var lengths = full(new long[] { batch }, time, ScalarType.Int64);
                using var noGrad = no_grad();
                TensorAssert.Close(onnx.forward(ids, lengths), model.forward(ids, lengths), Tolerance, $"batch {batch}, time {time}");
                TensorAssert.Close(onnx.forward(ids, null), model.forward(ids, null), Tolerance, $"batch {batch}, time {time}, no lengths");
            }
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void Export_WritesOpset17_AndTheMetadataItIsGiven()
    {
        manual_seed(15);
        using var model = new SequenceRegressor(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Gru, 2, 3)));
        var proto = OnnxExporter.ToModel(model, new OnnxExportOptions(new Dictionary<string, string> { ["k"] = "v" }));
        Assert.That(proto.OpsetImport.Single().Version, Is.EqualTo(17));
        Assert.That(proto.MetadataProps.Single(p => p.Key == "k").Value, Is.EqualTo("v"));
        Assert.That(proto.Graph.Node.Select(n => n.OpType), Does.Contain("GRU"));
        Assert.That(proto.Graph.Node.Single(n => n.OpType == "GRU").Attribute.Single(a => a.Name == "linear_before_reset").I, Is.EqualTo(1));
    }

    private sealed class Unknown() : SequenceModel("Unknown")
    {
        public override Tensor forward(Tensor inputs, Tensor? lengths) => inputs;
    }

    [Test]
    public void Export_RefusesAModelItDoesNotKnow_NamingIt()
    {
        using var model = new Unknown();
        Assert.That(() => OnnxExporter.ToModel(model), Throws.TypeOf<NotSupportedException>().With.Message.Contains("Unknown"));
    }

    [Test]
    public void Export_RefusesANetworkOfACellOnnxHasNoOperatorFor_NamingTheCell()
    {
        var spec = new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Lstm, 3, 4, Implementation: RecurrentImplementation.Reference, Cell: "peephole_lstm"), 2);
        using var model = new SequenceClassifier(spec);
        Assert.That(() => OnnxExporter.ToModel(model), Throws.TypeOf<NotSupportedException>().With.Message.Contains("peephole_lstm"));
    }

    /// <summary>Exports, runs both, asserts agreement; returns and prints the largest difference.</summary>
    private static double AssertAgreement(SequenceModel model, Tensor inputs, string what)
    {
        model.eval();
        var lengths = tensor(Lengths);
        // RNNZOO_ONNX_DIR keeps the files, for scripts/onnx/check.py (the ONNX checker, run by hand).
        var keep = Environment.GetEnvironmentVariable("RNNZOO_ONNX_DIR");
        var path = keep is null
            ? Path.Combine(Path.GetTempPath(), $"rnnzoo-onnx-{Guid.NewGuid():N}.onnx")
            : Path.Combine(keep, string.Concat(what.Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '_')) + ".onnx");
        try
        {
            OnnxExporter.Export(model, path);
            using var onnx = new OnnxRuntimeModel(path);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var expected = model.forward(inputs, lengths);
            var actual = onnx.forward(inputs, lengths);
            var scale = Math.Max(1, expected.abs().max().item<float>());
            var diff = TensorAssert.Close(actual, expected, Tolerance * scale, what);
            TestContext.Out.WriteLine($"ONNX agreement {what}: max |TorchSharp - ONNX Runtime| = {diff:E2} over {expected.numel()} values, output {string.Join("x", expected.shape)}, max |output| {scale:G3}");
            return diff;
        }
        finally { if (keep is null) File.Delete(path); }
    }
}
