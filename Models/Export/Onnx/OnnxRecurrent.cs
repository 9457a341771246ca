using RnnZoo.Models.Networks;
using TorchSharp;
using static RnnZoo.Models.Export.Onnx.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace RnnZoo.Models.Export.Onnx;

/// <summary>
/// Writes recurrent layers as ONNX's own <c>RNN</c>, <c>LSTM</c> and <c>GRU</c> operators, one operator per layer
/// (both directions of a bidirectional layer in one operator), from PyTorch-named parameters.
/// </summary>
/// <remarks>
/// ONNX stacks the gates as LSTM (i, o, f, c) and GRU (z, r, h); PyTorch (and RnnZoo) as LSTM (i, f, g, o) and
/// GRU (r, z, n), so the blocks of rows are reordered. PyTorch's GRU applies the reset gate after the hidden
/// product, which is ONNX's <c>linear_before_reset=1</c>. Biases are ONNX's <c>B = [Wb; Rb]</c>, i.e.
/// <c>[bias_ih; bias_hh]</c> reordered the same way. Lengths go to the operators' <c>sequence_lens</c>: a forward
/// direction stops at each length, and a reverse direction starts at each sequence's own last valid step, as
/// PyTorch's packed sequences and RnnZoo's <c>Bidirectional</c> do; outputs past a length are masked by the caller.
/// </remarks>
internal static class OnnxRecurrent
{
    /// <summary>PyTorch gate block i of the ONNX order: LSTM iofc = PyTorch (0, 3, 1, 2); GRU zrh = (1, 0, 2).</summary>
    private static int[] GateOrder(RnnKind kind) => kind switch
    {
        RnnKind.Lstm => new[] { 0, 3, 1, 2 },
        RnnKind.Gru => new[] { 1, 0, 2 },
        RnnKind.Rnn => new[] { 0 },
        _ => throw Unknown(kind),
    };

    /// <summary>Number of stacked gate blocks.</summary>
    public static int Gates(RnnKind kind) => kind switch { RnnKind.Lstm => 4, RnnKind.Gru => 3, RnnKind.Rnn => 1, _ => throw Unknown(kind) };

    private static ArgumentOutOfRangeException Unknown(RnnKind kind) =>
        new(nameof(kind), kind, $"ONNX has no recurrent operator for {kind}; LSTM, GRU and RNN are exported as operators.");

    /// <summary>
    /// Writes the network <paramref name="spec"/> describes, reading its parameters <c>{prefix}weight_ih_l{k}[_reverse]</c>
    /// etc. from <paramref name="state"/>. <paramref name="x"/> is time-major <c>[time, batch, InputSize]</c>;
    /// returns the top layer's outputs, time-major <c>[time, batch, directions * HiddenSize]</c>.
    /// </summary>
    public static string Network(OnnxGraphBuilder g, string x, string sequenceLens, RecurrentSpec spec,
        IReadOnlyDictionary<string, Tensor> state, string prefix)
    {
        // ONNX's operators compute the standard cells only; another cell under the same kind (a peephole LSTM is an
        // Lstm network) would lose its own parameters without a word.
        if (!spec.HasFusedKernel)
            throw new NotSupportedException($"ONNX export of a network of '{spec.CellName}' cells is not supported: ONNX's RNN, LSTM and GRU operators compute {RecurrentSpec.StandardCell(spec.Kind)} only.");
        for (var k = 0; k < spec.Layers; k++)
        {
            var suffixes = spec.Bidirectional ? new[] { $"_l{k}", $"_l{k}_reverse" } : new[] { $"_l{k}" };
            x = Layer(g, x, sequenceLens, spec.Kind, spec.HiddenSize, spec.Nonlinearity, state, prefix, suffixes);
        }
        return x;
    }

    /// <summary>
    /// One layer: parameters <c>{prefix}weight_ih{suffix}</c> ... for each direction's suffix (one: forward; two:
    /// forward and reverse). Input and output time-major; the output is <c>[time, batch, directions * hidden]</c>.
    /// </summary>
    public static string Layer(OnnxGraphBuilder g, string x, string sequenceLens, RnnKind kind, int hidden, Nonlinearity nonlinearity,
        IReadOnlyDictionary<string, Tensor> state, string prefix, IReadOnlyList<string> suffixes)
    {
        using var scope = NewDisposeScope();
        var order = GateOrder(kind);
        Tensor Reordered(string name)
        {
            var key = prefix + name;
            if (!state.TryGetValue(key, out var value))
                throw new ArgumentException($"The model has no parameter '{key}' (expected for a {kind} layer; it has {string.Join(", ", state.Keys)}).");
            var blocks = value.detach().chunk(order.Length, 0);
            return cat(order.Select(i => blocks[i]).ToArray(), 0);
        }
        Tensor Stack(string name) => stack(suffixes.Select(s => Reordered(name + s)).ToArray(), 0);

        var w = g.Weight("W", Stack("weight_ih"));
        var r = g.Weight("R", Stack("weight_hh"));
        var hasBias = state.ContainsKey(prefix + "bias_ih" + suffixes[0]);
        var b = hasBias
            ? g.Weight("B", stack(suffixes.Select(s => cat(new[] { Reordered("bias_ih" + s), Reordered("bias_hh" + s) }, 0)).ToArray(), 0))
            : "";
        var attributes = new List<global::Onnx.AttributeProto>
        {
            Attr("hidden_size", (long)hidden),
            Attr("direction", suffixes.Count == 2 ? "bidirectional" : "forward"),
        };
        if (kind == RnnKind.Gru) attributes.Add(Attr("linear_before_reset", 1L));
        if (kind == RnnKind.Rnn)
            attributes.Add(Attr("activations", Enumerable.Repeat(nonlinearity == Nonlinearity.Relu ? "Relu" : "Tanh", suffixes.Count).ToArray()));
        var op = kind switch { RnnKind.Lstm => "LSTM", RnnKind.Gru => "GRU", RnnKind.Rnn => "RNN", _ => throw Unknown(kind) };
        // Y: [time, directions, batch, hidden] -> [time, batch, directions, hidden] -> [time, batch, directions * hidden].
        var y = g.Node(op, new[] { x, w, r, b, sequenceLens }, attributes.ToArray());
        var transposed = g.Node("Transpose", new[] { y }, Attr("perm", new long[] { 0, 2, 1, 3 }));
        return g.Node("Reshape", new[] { transposed, g.Int64s("merge_directions", 0, 0, -1) });
    }
}
