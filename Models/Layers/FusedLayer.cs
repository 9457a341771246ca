using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// One layer, one direction, computed by TorchSharp's fused <c>nn.RNN</c>/<c>nn.LSTM</c>/<c>nn.GRU</c> (libtorch's
/// kernels). State <c>[1, batch, hidden]</c>.
/// </summary>
/// <remarks>
/// Lengths are handled exactly without a <c>PackedSequence</c>, whose CPU backward grows faster than T²:
/// with post-padding every output at a valid step is already exact after one padded call; outputs past a
/// length are zeroed, and the final hidden state is the output at <c>length − 1</c> (a gather). Only an
/// LSTM's final cell state is not in the outputs: for it the layer runs over the time chunks between the
/// batch's distinct lengths, carrying the state and shrinking the batch (one fused call per distinct
/// length), unless the caller asked for outputs only (<see cref="ForwardOptions.OutputsOnly"/>). A fused kernel keeps its
/// steps inside libtorch, so it takes no hidden-state probe (<see cref="ForwardOptions.HiddenProbe"/>).
/// </remarks>
public sealed class FusedLayer : SequenceLayer, IDirectionLayer
{
    /// <summary>Creates the layer.</summary>
    public FusedLayer(RnnKind kind, int inputSize, int hiddenSize, Nonlinearity nonlinearity = Nonlinearity.Tanh, bool bias = true)
        : base(nameof(FusedLayer))
    {
        Guard.Positive(inputSize, nameof(inputSize));
        Guard.Positive(hiddenSize, nameof(hiddenSize));
        Kind = kind;
        _inputSize = inputSize;
        _hiddenSize = hiddenSize;
        _nonlinearity = nonlinearity;
        _bias = bias;
        rnn = kind switch
        {
            RnnKind.Lstm => nn.LSTM(inputSize, hiddenSize, 1, bias, batchFirst: true),
            RnnKind.Gru => nn.GRU(inputSize, hiddenSize, 1, bias, batchFirst: true),
            RnnKind.Rnn => nn.RNN(inputSize, hiddenSize, 1,
                        nonlinearity == Nonlinearity.Relu ? nn.NonLinearities.ReLU : nn.NonLinearities.Tanh, bias, batchFirst: true),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"libtorch has no fused kernel for {kind}; use Rnn, Lstm or Gru."),
        };
        RegisterComponents();
    }

    private readonly int _inputSize, _hiddenSize;
    private readonly Nonlinearity _nonlinearity;
    private readonly bool _bias;
#pragma warning disable IDE1006
    private readonly nn.Module rnn;
#pragma warning restore IDE1006

    /// <summary>RNN, LSTM or GRU.</summary>
    public RnnKind Kind { get; }
    /// <inheritdoc />
    public override int InputSize => _inputSize;
    /// <inheritdoc />
    public override int HiddenSize => _hiddenSize;
    /// <inheritdoc />
    public override int OutputSize => _hiddenSize;
    /// <inheritdoc />
    public override IReadOnlyList<int> StateSizes => Kind == RnnKind.Lstm ? [_hiddenSize, _hiddenSize] : [_hiddenSize];

    private bool HasCellState => Kind == RnnKind.Lstm;
    /// <inheritdoc />
    public override int StateLayers => 1;

    /// <inheritdoc />
    public IEnumerable<(string Name, Parameter Parameter)> CellParameters() =>
        rnn.named_parameters().Select(p => (p.name.EndsWith("_l0", StringComparison.Ordinal) ? p.name[..^3] : p.name, p.parameter));

    /// <inheritdoc />
    protected override RecurrentOutput Run(Tensor input, Tensor? lengths, RecurrentState? initialState, ForwardOptions options)
    {
        if (options.HiddenProbe is not null)
            throw new NotSupportedException("A fused layer takes no hidden-state probe: libtorch's kernel keeps its steps inside (use the reference implementation).");
        var (batch, time) = (input.shape[0], input.shape[1]);
        var lens = lengths is null ? null : lengths.data<long>().ToArray();
        if (lens is null || lens.All(l => l == time))
            return Call(input, initialState);

        if (HasCellState && !options.OutputsOnly)
            return RunInChunks(input, lens, initialState);

        // One padded call: with post-padding, every valid step is exact.
        var (output, _) = Call(input, initialState);
        var device = input.device;
        var lengthsOnDevice = lengths!.to(device);
        if (!options.UnmaskedPadding)
        {
            var padding = (arange(time, dtype: ScalarType.Int64, device: device).unsqueeze(0) >= lengthsOnDevice.unsqueeze(1)).unsqueeze(-1);
            output = output.masked_fill(padding, 0);
        }
        var last = output.gather(1, (lengthsOnDevice - 1).view(batch, 1, 1).expand(batch, 1, _hiddenSize)); // [B, 1, H]
        var h = last.permute(1, 0, 2);
        // Outputs only: an LSTM's final cell state is not computed (callers of OutputsOnly never read it).
        return new RecurrentOutput(output, new RecurrentState(h, null));
    }

    private RecurrentOutput RunInChunks(Tensor input, long[] lens, RecurrentState? initialState)
    {
        var (batch, time) = (input.shape[0], input.shape[1]);
        var device = input.device;
        // Longest first, so that the sequences still running are always a prefix of the batch.
        var order = Enumerable.Range(0, (int)batch).OrderByDescending(i => lens[i]).ThenBy(i => i).ToArray();
        var orderTensor = tensor(order.Select(i => (long)i).ToArray(), device: device);
        var x = input.index_select(0, orderTensor);
        var h = initialState?.H.index_select(1, orderTensor) ?? zeros(new[] { 1, batch, (long)_hiddenSize }, dtype: input.dtype, device: device);
        var c = initialState?.C!.index_select(1, orderTensor) ?? zeros(new[] { 1, batch, (long)_hiddenSize }, dtype: input.dtype, device: device);

        var outputs = new List<Tensor>();
        var finishedH = new List<Tensor>();
        var finishedC = new List<Tensor>();
        long start = 0;
        var active = (int)batch;
        foreach (var end in lens.Distinct().OrderBy(l => l))
        {
            var (output, state) = Call(x.narrow(0, 0, active).narrow(1, start, end - start), new RecurrentState(h, c));
            outputs.Add(active == batch ? output : nn.functional.pad(output, new long[] { 0, 0, 0, 0, 0, batch - active }));
            var done = lens.Count(l => l == end);
            finishedH.Add(state.H.narrow(1, active - done, done));
            finishedC.Add(state.C!.narrow(1, active - done, done));
            active -= done;
            h = state.H.narrow(1, 0, active);
            c = state.C!.narrow(1, 0, active);
            start = end;
        }
        var sortedOutput = cat(outputs.ToArray(), 1);
        if (start < time) sortedOutput = nn.functional.pad(sortedOutput, new long[] { 0, 0, 0, time - start });
        finishedH.Reverse();
        finishedC.Reverse();
        // Back to the caller's order.
        var inverse = new long[batch];
        for (var i = 0; i < batch; i++) inverse[order[i]] = i;
        var inverseTensor = tensor(inverse, device: device);
        return new RecurrentOutput(
            sortedOutput.index_select(0, inverseTensor),
            new RecurrentState(cat(finishedH.ToArray(), 1).index_select(1, inverseTensor), cat(finishedC.ToArray(), 1).index_select(1, inverseTensor)));
    }

    /// <summary>
    /// Both directions in one bidirectional libtorch call (what a bidirectional <c>nn.GRU</c> makes), over
    /// full-length sequences, with the two layers' own parameters: outputs <c>[batch, time, 2 × hidden]</c>
    /// (forward, backward) and the state <c>[2, batch, hidden]</c> parts. Null when the layers differ in kind, sizes
    /// or biases.
    /// </summary>
    /// <remarks>
    /// TorchSharp exposes libtorch's RNNs only as modules, each owning its parameters, so the call goes through the
    /// functional operator (<c>torch.gru</c>, <c>torch.lstm</c>, <c>torch.rnn_tanh</c>, <c>torch.rnn_relu</c>) in a
    /// two-line TorchScript function; gradients reach the layers' parameters as from their modules' calls.
    /// </remarks>
    internal static (Tensor Output, RecurrentState State)? RunBidirectional(FusedLayer forward, FusedLayer backward, Tensor input, RecurrentState? initialState)
    {
        if (forward.Kind != backward.Kind || forward._inputSize != backward._inputSize || forward._hiddenSize != backward._hiddenSize
            || forward.rnn.GetType() != backward.rnn.GetType() || forward._nonlinearity != backward._nonlinearity) return null;
        var parameters = forward.rnn.parameters().Concat(backward.rnn.parameters()).Cast<Tensor>().ToArray();
        if (parameters.Length != (forward._bias ? 8 : 4) || forward._bias != backward._bias) return null;
        var batch = input.shape[0];
        Tensor Zeros() => zeros(new[] { 2, batch, (long)forward._hiddenSize }, dtype: input.dtype, device: input.device);
        var h0 = initialState?.H ?? Zeros();
        var name = forward.Kind switch
        {
            RnnKind.Lstm => "lstm",
            RnnKind.Gru => "gru",
            RnnKind.Rnn => forward._nonlinearity == Nonlinearity.Relu ? "rnn_relu" : "rnn_tanh",
            _ => throw new InvalidOperationException($"libtorch has no fused kernel for {forward.Kind}."),
        } + (forward._bias ? "" : "_nobias");
        var arguments = new List<object> { input, h0 };
        if (forward.Kind == RnnKind.Lstm) arguments.Add(initialState?.C ?? Zeros());
        arguments.AddRange(parameters);
        arguments.Add(forward.training);
        if (forward.Kind == RnnKind.Lstm)
        {
            var (output, h, c) = ((Tensor, Tensor, Tensor))BidirectionalKernels.Value.invoke(name, arguments.ToArray());
            return (output, new RecurrentState(h, c));
        }
        var (o, hn) = ((Tensor, Tensor))BidirectionalKernels.Value.invoke(name, arguments.ToArray());
        return (o, new RecurrentState(hn));
    }

    // torch.<rnn>(input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first)
    private static readonly Lazy<jit.CompilationUnit> BidirectionalKernels = new(() => jit.compile(string.Join("\n", Functions()) + "\n"));

    private static IEnumerable<string> Functions()
    {
        foreach (var bias in new[] { true, false })
        {
            var names = bias ? new[] { "wi", "wh", "bi", "bh", "wir", "whr", "bir", "bhr" } : new[] { "wi", "wh", "wir", "whr" };
            var declared = string.Join(", ", names.Select(n => n + ": Tensor"));
            var list = "[" + string.Join(", ", names) + "]";
            var flag = bias ? "True" : "False";
            var suffix = bias ? "" : "_nobias";
            yield return $"def lstm{suffix}(x: Tensor, h0: Tensor, c0: Tensor, {declared}, train: bool):";
            yield return $"    return torch.lstm(x, [h0, c0], {list}, {flag}, 1, 0.0, train, True, True)";
            foreach (var op in new[] { "gru", "rnn_tanh", "rnn_relu" })
            {
                yield return $"def {op}{suffix}(x: Tensor, h0: Tensor, {declared}, train: bool):";
                yield return $"    return torch.{op}(x, h0, {list}, {flag}, 1, 0.0, train, True, True)";
            }
        }
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
}
