using RnnZoo.Models.Cells;
using static RnnZoo.Models.Export.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;
using static TorchSharp.torch;

namespace RnnZoo.Models.Export.Onnx;

/// <summary>
/// Writes the seed cells that ONNX has no operator for as a <c>Scan</c> over their step: seed 003's
/// <see cref="WuvCell"/> (<c>h = tanh(xW + hU + b)</c>, <c>y = hV + c</c>) and seed 004's <see cref="ConcatHiddenCell"/>
/// (<c>h' = tanh(i2h([x; h]))</c>, <c>y = i2o([x; h])</c>). The body carries the state and masks like
/// <see cref="Layers.RecurrentLayer"/>: past a sequence's length the state stays and the output is zero.
/// </summary>
internal static class OnnxCellScan
{
    /// <summary>
    /// Unrolls <paramref name="cell"/> (parameters <c>{prefix}W</c> ... in <paramref name="state"/>) over the time-major
    /// input <paramref name="x"/> <c>[time, batch, InputSize]</c>; returns the outputs, time-major <c>[time, batch, OutputSize]</c>.
    /// </summary>
    public static string Unroll(OnnxGraphBuilder g, OnnxSequenceOps ops, string inputs, string x, RecurrentCell cell,
        IReadOnlyDictionary<string, Tensor> state, string prefix)
    {
        string P(string name) => state.TryGetValue(prefix + name, out var value)
            ? g.Weight(name.Replace('.', '_'), value)
            : throw new ArgumentException($"The model has no parameter '{prefix + name}' (expected for a {cell.GetType().Name}).");

        // The zero initial state [batch, hidden].
        var batch = g.Node("Slice", new[] { g.Node("Shape", new[] { inputs }), g.Int64s("starts", 0), g.Int64s("ends", 1) });
        var h0 = g.Node("ConstantOfShape", new[] { g.Node("Concat", new[] { batch, g.Int64s("hidden", cell.HiddenSize) }, Attr("axis", 0L)) },
            FloatTensorAttr("value", 0f));
        var zero = g.FloatScalar("zero", 0f);

        var body = g.Subgraph($"{cell.GetType().Name}_step");
        var hPrev = body.Input(body.Fresh("h_prev"), DataType.Float, "batch", (long)cell.HiddenSize);
        string scanInput, hCandidate, y;
        switch (cell)
        {
            case WuvCell:
                {
                    // x_t W + b for all steps at once, outside the loop (as the cell's stepper does).
                    scanInput = g.Node("Add", new[] { g.Node("MatMul", new[] { x, P("W") }), P("b") });
                    var p = body.Input(body.Fresh("xw_plus_b"), DataType.Float, "batch", (long)cell.HiddenSize);
                    hCandidate = body.Node("Tanh", new[] { body.Node("Add", new[] { p, body.Node("MatMul", new[] { hPrev, P("U") }) }) });
                    y = body.Node("Add", new[] { body.Node("MatMul", new[] { hCandidate, P("V") }), P("c") });
                    break;
                }
            case ConcatHiddenCell:
                {
                    scanInput = x;
                    var xt = body.Input(body.Fresh("x"), DataType.Float, "batch", (long)cell.InputSize);
                    var combined = body.Node("Concat", new[] { xt, hPrev }, Attr("axis", 1L));
                    hCandidate = body.Node("Tanh", new[] { body.Node("Gemm", new[] { combined, P("i2h.weight"), P("i2h.bias") }, Attr("transB", 1L)) });
                    // The output is read from [x; h_prev], before the update (the seed's tutorial cell).
                    y = body.Node("Gemm", new[] { combined, P("i2o.weight"), P("i2o.bias") }, Attr("transB", 1L));
                    break;
                }
            default:
                throw new NotSupportedException($"ONNX export of a {cell.GetType().Name} inside a CellSequenceModel is not supported.");
        }
        var valid = body.Input(body.Fresh("valid"), DataType.Bool, "batch", 1L);
        body.Output(body.Node("Where", new[] { valid, hCandidate, hPrev }), body.Fresh("h_next"), DataType.Float, "batch", (long)cell.HiddenSize);
        body.Output(body.Node("Where", new[] { valid, y, zero }), body.Fresh("y"), DataType.Float, "batch", (long)cell.OutputSize);

        var outputs = g.Nodes("Scan", new[] { h0, scanInput, ops.Mask }, 2, Attr("body", body.Graph), Attr("num_scan_inputs", 2L));
        return outputs[1];
    }
}
