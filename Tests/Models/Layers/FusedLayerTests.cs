using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Layers;

/// <summary>The fused exact-lengths path (padded call, gather, chunks) against TorchSharp's own PackedSequence path.</summary>
[TestFixture]
public class FusedLayerTests
{
    [TestCase(RnnKind.Lstm)]
    [TestCase(RnnKind.Gru)]
    [TestCase(RnnKind.Rnn)]
    public void LengthsPath_MatchesPackedSequenceOfTorchSharp(RnnKind kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(17);
        const int batch = 5, time = 9, input = 4, hidden = 6;
        var network = Recurrent.Create(kind, input, hidden, layers: 2, bidirectional: true);
        nn.Module packedModule = kind switch
        {
            RnnKind.Lstm => nn.LSTM(input, hidden, 2, batchFirst: true, bidirectional: true),
            RnnKind.Gru => nn.GRU(input, hidden, 2, batchFirst: true, bidirectional: true),
            _ => nn.RNN(input, hidden, 2, batchFirst: true, bidirectional: true),
        };
        using (no_grad())
        {
            var ours = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in packedModule.named_parameters()) p.copy_(ours[name]);
        }
        var x = randn(batch, time, input);
        var lengths = tensor(new long[] { 9, 4, 4, 1, 7 });
        var result = network.forward(x, lengths);

        var packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first: true, enforce_sorted: false);
        Tensor output, h; Tensor? c = null;
        switch (packedModule)
        {
            case LSTM lstm: { var (o, hh, cc) = lstm.call(packed, null); (output, h, c) = (nn.utils.rnn.pad_packed_sequence(o, true, 0, time).Item1, hh, cc); break; }
            case GRU gru: { var (o, hh) = gru.call(packed, null); (output, h) = (nn.utils.rnn.pad_packed_sequence(o, true, 0, time).Item1, hh); break; }
            default: { var (o, hh) = ((RNN)packedModule).call(packed, null); (output, h) = (nn.utils.rnn.pad_packed_sequence(o, true, 0, time).Item1, hh); break; }
        }
        TensorAssert.Close(result.Output, output, 1e-5, "outputs");
        TensorAssert.Close(result.State.H, h, 1e-5, "h_n");
        if (c is not null) TensorAssert.Close(result.State.C!, c, 1e-5, "c_n");
        TensorAssert.Close(network.ForwardOutputs(x, lengths), output, 1e-5, "ForwardOutputs");
    }
}
