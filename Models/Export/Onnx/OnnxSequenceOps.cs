using RnnZoo.Models.Tasks;
using static RnnZoo.Models.Export.Onnx.OnnxGraphBuilder;

namespace RnnZoo.Models.Export.Onnx;

/// <summary>
/// The parts around the recurrent operators, written as ONNX nodes: layout changes, the validity mask of
/// post-padded batches and RnnZoo's poolings (<see cref="SequencePooling"/>).
/// </summary>
internal sealed class OnnxSequenceOps
{
    private readonly OnnxGraphBuilder _g;
    private readonly string _inputs, _lengths;
    private string? _mask, _floatMask, _sequenceLens;

    /// <summary>Ops for the graph input <paramref name="inputs"/> (batch first) and its int64 <paramref name="lengths"/> <c>[batch]</c>.</summary>
    public OnnxSequenceOps(OnnxGraphBuilder g, string inputs, string lengths)
    {
        _g = g;
        _inputs = inputs;
        _lengths = lengths;
    }

    /// <summary>The lengths as int32, what the recurrent operators' <c>sequence_lens</c> takes.</summary>
    public string SequenceLens => _sequenceLens ??= _g.Node("Cast", new[] { _lengths }, Attr("to", (long)global::Onnx.TensorProto.Types.DataType.Int32));

    /// <summary>Swaps the first two axes of a rank-3 value (batch first to time major, or back).</summary>
    public string SwapBatchTime(string value) => _g.Node("Transpose", new[] { value }, Attr("perm", new long[] { 1, 0, 2 }));

    /// <summary>Bool <c>[time, batch, 1]</c>: true at the valid steps (t &lt; length).</summary>
    public string Mask
    {
        get
        {
            if (_mask is not null) return _mask;
            var shape = _g.Node("Shape", new[] { _inputs });
            var time = _g.Node("Gather", new[] { shape, _g.Int64Scalar("time_axis", 1) }, Attr("axis", 0L));
            var steps = _g.Node("Range", new[] { _g.Int64Scalar("zero", 0), time, _g.Int64Scalar("one", 1) });
            var column = _g.Node("Unsqueeze", new[] { steps, _g.Int64s("axes", 1) });     // [T, 1]
            var row = _g.Node("Unsqueeze", new[] { _lengths, _g.Int64s("axes", 0) });     // [1, B]
            var valid = _g.Node("Less", new[] { column, row });                            // [T, B]
            return _mask = _g.Node("Unsqueeze", new[] { valid, _g.Int64s("axes", 2) });
        }
    }

    /// <summary>The mask as float32 (1 valid, 0 padding), <c>[time, batch, 1]</c>.</summary>
    public string FloatMask => _floatMask ??= _g.Node("Cast", new[] { Mask }, Attr("to", (long)global::Onnx.TensorProto.Types.DataType.Float));

    /// <summary>Zeroes a time-major <c>[time, batch, features]</c> value past each length, as RnnZoo's layers do.</summary>
    public string ZeroPadding(string timeMajor) => _g.Node("Mul", new[] { timeMajor, FloatMask });

    /// <summary>
    /// RnnZoo's pooling of time-major outputs <c>[time, batch, directions * hidden]</c> (zero past each length) to
    /// <c>[batch, directions * hidden]</c>.
    /// </summary>
    public string Pool(string timeMajor, Pooling pooling, int directions, int hidden)
    {
        switch (pooling)
        {
            case Pooling.Last:
                {
                    // The output at length - 1 of each sequence (GatherND with one batch dimension).
                    var batchFirst = SwapBatchTime(timeMajor);
                    var index = _g.Node("Unsqueeze", new[] { _g.Node("Sub", new[] { _lengths, _g.Int64Scalar("one", 1) }), _g.Int64s("axes", 1) });
                    var last = _g.Node("GatherND", new[] { batchFirst, index }, Attr("batch_dims", 1L));
                    if (directions == 1) return last;
                    // Bidirectional: forward after the last valid step, backward after reading back to step 0.
                    var first = _g.Node("Gather", new[] { batchFirst, _g.Int64Scalar("first_step", 0) }, Attr("axis", 1L));
                    var forward = _g.Node("Slice", new[] { last, _g.Int64s("starts", 0), _g.Int64s("ends", hidden), _g.Int64s("axes", 1) });
                    var backward = _g.Node("Slice", new[] { first, _g.Int64s("starts", hidden), _g.Int64s("ends", 2L * hidden), _g.Int64s("axes", 1) });
                    return _g.Node("Concat", new[] { forward, backward }, Attr("axis", 1L));
                }
            case Pooling.Mean:
                {
                    var sum = _g.Node("ReduceSum", new[] { ZeroPadding(timeMajor), _g.Int64s("axes", 0) }, Attr("keepdims", 0L));
                    var count = _g.Node("Unsqueeze", new[] { _g.Node("Cast", new[] { _lengths }, Attr("to", (long)global::Onnx.TensorProto.Types.DataType.Float)), _g.Int64s("axes", 1) });
                    return _g.Node("Div", new[] { sum, count });
                }
            case Pooling.Max:
                {
                    var masked = _g.Node("Where", new[] { Mask, timeMajor, _g.FloatScalar("minus_infinity", float.NegativeInfinity) });
                    return _g.Node("ReduceMax", new[] { masked }, Attr("axes", new long[] { 0 }), Attr("keepdims", 0L));
                }
            default:
                throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling.");
        }
    }
}
