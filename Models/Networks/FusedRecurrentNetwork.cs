using RnnZoo.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Networks;

/// <summary>
/// The fused implementation: TorchSharp's <c>nn.RNN</c>, <c>nn.LSTM</c> or <c>nn.GRU</c> (libtorch's kernels), batch first.
/// </summary>
/// <remarks>
/// With lengths the sequences go through a <c>PackedSequence</c>, which is exact (outputs past a length are
/// zero, the final state is that of the last valid step) for every kind, depth and direction.
/// </remarks>
public sealed class FusedRecurrentNetwork : RecurrentNetwork
{
    /// <summary>Builds the network described by <paramref name="spec"/> (its Implementation is not consulted).</summary>
    public FusedRecurrentNetwork(RecurrentSpec spec) : base(nameof(FusedRecurrentNetwork), spec)
    {
        var s = Spec;
        rnn = s.Kind switch
        {
            RnnKind.Lstm => nn.LSTM(s.InputSize, s.HiddenSize, s.Layers, s.Bias, batchFirst: true, dropout: s.Dropout, bidirectional: s.Bidirectional),
            RnnKind.Gru => nn.GRU(s.InputSize, s.HiddenSize, s.Layers, s.Bias, batchFirst: true, dropout: s.Dropout, bidirectional: s.Bidirectional),
            _ => nn.RNN(s.InputSize, s.HiddenSize, s.Layers,
                        s.Nonlinearity == Nonlinearity.Relu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh,
                        s.Bias, batchFirst: true, dropout: s.Dropout, bidirectional: s.Bidirectional),
        };
        RegisterComponents();
    }

#pragma warning disable IDE1006
    private readonly nn.Module rnn;
#pragma warning restore IDE1006

    /// <summary>The TorchSharp module doing the work.</summary>
    public nn.Module Module => rnn;

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Parameter Parameter)> CanonicalParameters() =>
        rnn.named_parameters().Select(p => (p.name, p.parameter));

    /// <inheritdoc />
    protected override RecurrentOutput Run(Tensor input, Tensor? lengths, RecurrentState? initialState)
    {
        if (lengths is null)
            return Call(input, initialState);

        var time = input.shape[1];
        var packed = nn.utils.rnn.pack_padded_sequence(input, lengths, batch_first: true, enforce_sorted: false);
        var (output, state) = CallPacked(packed, initialState);
        var (padded, _) = nn.utils.rnn.pad_packed_sequence(output, batch_first: true, total_length: time);
        return new RecurrentOutput(padded, state);
    }

    private RecurrentOutput Call(Tensor input, RecurrentState? initial)
    {
        switch (rnn)
        {
            case LSTM lstm:
                {
                    var (output, h, c) = lstm.forward(input, initial is null ? null : (initial.H, initial.C!));
                    return new RecurrentOutput(output, new RecurrentState(h, c));
                }
            case GRU gru:
                {
                    var (output, h) = gru.forward(input, initial?.H);
                    return new RecurrentOutput(output, new RecurrentState(h));
                }
            case RNN plain:
                {
                    var (output, h) = plain.forward(input, initial?.H);
                    return new RecurrentOutput(output, new RecurrentState(h));
                }
            default:
                throw new InvalidOperationException($"Unexpected module {rnn.GetType().Name}.");
        }
    }

    private (nn.utils.rnn.PackedSequence Output, RecurrentState State) CallPacked(nn.utils.rnn.PackedSequence input, RecurrentState? initial)
    {
        switch (rnn)
        {
            case LSTM lstm:
                {
                    var (output, h, c) = lstm.call(input, initial is null ? null : (initial.H, initial.C!));
                    return (output, new RecurrentState(h, c));
                }
            case GRU gru:
                {
                    var (output, h) = gru.call(input, initial?.H);
                    return (output, new RecurrentState(h));
                }
            case RNN plain:
                {
                    var (output, h) = plain.call(input, initial?.H);
                    return (output, new RecurrentState(h));
                }
            default:
                throw new InvalidOperationException($"Unexpected module {rnn.GetType().Name}.");
        }
    }
}
