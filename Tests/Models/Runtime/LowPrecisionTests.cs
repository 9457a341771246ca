using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Runtime;
using RnnZoo.Models.Tasks;
using RnnZoo.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Runtime;

[TestFixture]
public class LowPrecisionTests
{
    [TestCase("bf16", ScalarType.BFloat16)]
    [TestCase("BFloat16", ScalarType.BFloat16)]
    [TestCase("float32", ScalarType.Float32)]
    [TestCase("fp32", ScalarType.Float32)]
    public void ParseDtype_AcceptsTheNames(string name, ScalarType expected) =>
        Assert.That(LowPrecision.ParseDtype(name), Is.EqualTo(expected));

    [Test]
    public void ParseDtype_Unknown_NamesTheAcceptedOnes() =>
        Assert.That(() => LowPrecision.ParseDtype("fp16"), Throws.ArgumentException.With.Message.Contains("bfloat16 (bf16)").And.Message.Contains("'fp16'"));

    /// <summary>
    /// bfloat16 keeps 8 bits of mantissa (relative rounding 2^-9 = 0.2%): the converted classifier's logits stay within a
    /// few percent of float32's over a recurrence of 20 steps, its weights are bfloat16, and its outputs come back as
    /// float32. For token input (fused and reference) and for feature input.
    /// </summary>
    [TestCase(RecurrentImplementation.Fused, true)]
    [TestCase(RecurrentImplementation.Reference, true)]
    [TestCase(RecurrentImplementation.Reference, false)]
    public void Convert_RunsTheModelInBFloat16_CloseToFloat32(RecurrentImplementation implementation, bool tokens)
    {
        using var scope = NewDisposeScope();
        manual_seed(21);
        var rnn = new RecurrentSpec(RnnKind.Lstm, tokens ? 8 : 3, 16, Layers: 2, Implementation: implementation);
        SequenceModel model = tokens
            ? new SequenceClassifier(new SequenceClassifierSpec(rnn, 2, VocabularySize: 50, EmbeddingSize: 8))
            : new SequenceRegressor(new SequenceRegressorSpec(rnn, Outputs: 1));
        var inputs = tokens ? randint(1, 50, new long[] { 4, 20 }) : randn(4, 20, 3);
        var lengths = tensor(new long[] { 20, 7, 13, 1 });
        model.eval();
        using var noGrad = no_grad();
        var single = model.forward(inputs, lengths).clone();
        var low = LowPrecision.Convert(model, ScalarType.BFloat16);
        Assert.That(model.parameters().Select(p => p.dtype), Is.All.EqualTo(ScalarType.BFloat16), "the model's weights are converted");
        var output = low.forward(inputs, lengths);
        Assert.That(output.dtype, Is.EqualTo(ScalarType.Float32));
        var scale = single.abs().max().item<float>();
        TensorAssert.Close(output, single, 0.03 * scale + 0.01, "bfloat16 against float32");
        Assert.That(LowPrecision.Convert(model, ScalarType.Float32), Is.SameAs(model), "float32: the model itself");
    }
}
