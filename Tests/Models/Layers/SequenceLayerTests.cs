using RnnZoo.Models;
using RnnZoo.Models.Cells;
using RnnZoo.Models.Layers;
using RnnZoo.Models.Networks;
using RnnZoo.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Layers;

[TestFixture]
public class SequenceLayerTests
{
    [TestCase(RnnKind.Lstm, false, RecurrentImplementation.Reference)]
    [TestCase(RnnKind.Gru, true, RecurrentImplementation.Reference)]
    [TestCase(RnnKind.Rnn, true, RecurrentImplementation.Fused)]
    [TestCase(RnnKind.Lstm, true, RecurrentImplementation.Fused)]
    public void PaddedBatch_GivesPerSequenceResultsOfRunningEachAlone(RnnKind kind, bool bidirectional, RecurrentImplementation implementation)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var network = Recurrent.Create(kind, inputSize: 3, hiddenSize: 4, layers: 2, bidirectional: bidirectional, implementation: implementation);
        long[] lengths = { 6, 2, 4 };
        var x = randn(3, 6, 3);
        var batched = network.forward(x, tensor(lengths));
        for (var b = 0; b < lengths.Length; b++)
        {
            var alone = network.forward(x[b..(b + 1), ..(int)lengths[b], ..]);
            TensorAssert.Close(batched.Output[b..(b + 1), ..(int)lengths[b], ..], alone.Output, 1e-5, $"outputs of sequence {b}");
            TensorAssert.Close(batched.State.H[.., b..(b + 1), ..], alone.State.H, 1e-5, $"h_n of sequence {b}");
            if (kind == RnnKind.Lstm) TensorAssert.Close(batched.State.C![.., b..(b + 1), ..], alone.State.C!, 1e-5, $"c_n of sequence {b}");
            Assert.That(batched.Output[b, (int)lengths[b].., ..].abs().sum().item<float>(), Is.Zero, $"outputs past the length of sequence {b}");
        }
    }

    [Test]
    public void SequenceReversal_ReversesOnlyTheValidPart()
    {
        using var scope = NewDisposeScope();
        var x = arange(1, 5, dtype: ScalarType.Float32).view(1, 4, 1).expand(2, 4, 1).contiguous(); // [1,2,3,4] twice
        var idx = SequenceReversal.Indices(tensor(new long[] { 4, 2 }), 4, CPU);
        var reversed = SequenceReversal.Reverse(x, idx);
        Assert.That(TensorAssert.Values(reversed[0].flatten()), Is.EqualTo(new double[] { 4, 3, 2, 1 }));
        Assert.That(TensorAssert.Values(reversed[1].flatten()), Is.EqualTo(new double[] { 2, 1, 3, 4 }));
        Assert.That(TensorAssert.Values(SequenceReversal.Reverse(reversed, idx)), Is.EqualTo(TensorAssert.Values(x)), "its own inverse");
    }

    [TestCase(MergeMode.Concat, 8)]
    [TestCase(MergeMode.Sum, 4)]
    [TestCase(MergeMode.Mul, 4)]
    [TestCase(MergeMode.Average, 4)]
    public void Bidirectional_MergeModes_CombineTheTwoDirections(MergeMode mode, int outputSize)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var forward = new RecurrentLayer(new GruCell(3, 4));
        var backward = new RecurrentLayer(new GruCell(3, 4));
        var bi = new Bidirectional(forward, backward, mode);
        var x = randn(2, 5, 3);
        var lengths = tensor(new long[] { 5, 3 });
        var result = bi.forward(x, lengths);
        Assert.That(bi.OutputSize, Is.EqualTo(outputSize));
        Assert.That(result.Output.shape, Is.EqualTo(new long[] { 2, 5, outputSize }));
        Assert.That(result.State.H.shape, Is.EqualTo(new long[] { 2, 2, 4 }));

        var f = forward.forward(x, lengths).Output;
        var idx = SequenceReversal.Indices(lengths, 5, CPU);
        var b = SequenceReversal.Reverse(backward.forward(SequenceReversal.Reverse(x, idx), lengths).Output, idx);
        var expected = mode switch
        {
            MergeMode.Concat => cat(new[] { f, b }, 2),
            MergeMode.Sum => f + b,
            MergeMode.Mul => f * b,
            _ => (f + b) / 2,
        };
        TensorAssert.Close(result.Output, expected, 1e-6, $"{mode} output");
    }

    [Test]
    public void Stacked_DropoutBetweenLayers_OnlyWhileTraining()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var network = Recurrent.Create(RnnKind.Lstm, 3, 8, layers: 2, dropout: 0.5, implementation: RecurrentImplementation.Reference);
        var x = randn(4, 6, 3);
        network.eval();
        var a = network.forward(x).Output;
        var b = network.forward(x).Output;
        TensorAssert.Close(a, b, 0, "eval mode is deterministic");
        network.train();
        var c = network.forward(x).Output;
        Assert.That(TensorAssert.MaxAbsDiff(c, a), Is.GreaterThan(1e-4), "training mode applies dropout between layers");
    }

    [Test]
    public void RecurrentLayer_SeedCells_UnrollOverTime()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var cell = new ConcatHiddenCell(10, 20, 1);
        var layer = new RecurrentLayer(cell);
        var x = randn(2, 4, 10);
        var result = layer.forward(x);
        Assert.That(result.Output.shape, Is.EqualTo(new long[] { 2, 4, 1 }));
        // The same by stepping the cell by hand.
        var state = cell.ZeroState(2, x);
        for (var t = 0; t < 4; t++)
        {
            var (y, next) = cell.forward(x[.., t, ..], state);
            TensorAssert.Close(result.Output[.., t, ..], y, 1e-6, $"step {t}");
            state = next;
        }
        TensorAssert.Close(result.State.H[0], state.H, 1e-6, "final state");
    }

    [Test]
    public void Layer_BadArguments_NameTheArgumentAndShape()
    {
        using var scope = NewDisposeScope();
        var network = Recurrent.Create(RnnKind.Gru, 3, 4);
        Assert.That(() => network.forward(zeros(2, 3)), Throws.ArgumentException.With.Message.Contains("input: expected shape [*, *, 3], got [2, 3]"));
        Assert.That(() => network.forward(zeros(2, 5, 4)), Throws.ArgumentException.With.Message.Contains("input: expected shape [*, *, 3], got [2, 5, 4]"));
        Assert.That(() => network.forward(zeros(2, 5, 3), tensor(new long[] { 6, 1 })), Throws.ArgumentException.With.Message.Contains("lengths"));
        Assert.That(() => network.forward(zeros(2, 5, 3), tensor(new long[] { 0, 1 })), Throws.ArgumentException.With.Message.Contains("[1, 5]"));
        Assert.That(() => network.forward(zeros(2, 5, 3), tensor(new[] { 1, 1 })), Throws.ArgumentException.With.Message.Contains("int64"));
        Assert.That(() => network.forward(zeros(2, 5, 3), null, new RecurrentState(zeros(2, 2, 4))),
            Throws.ArgumentException.With.Message.Contains("initialState.H: expected shape [1, 2, 4], got [2, 2, 4]"));
        Assert.That(() => Recurrent.Create(RnnKind.Lstm, 3, 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("HiddenSize"));
        Assert.That(() => Recurrent.Create(RnnKind.Lstm, 3, 4, layers: 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Layers"));
        Assert.That(() => Recurrent.Create(RnnKind.Lstm, 3, 4, dropout: 1.5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Dropout"));
    }
}
