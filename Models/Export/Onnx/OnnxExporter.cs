using Google.Protobuf;
using Onnx;
using RnnZoo.Models.Cells;
using RnnZoo.Models.Tasks;
using static RnnZoo.Models.Export.Onnx.OnnxGraphBuilder;
using DataType = Onnx.TensorProto.Types.DataType;
using static TorchSharp.torch;

namespace RnnZoo.Models.Export.Onnx;

/// <summary>
/// Writes a task model of the zoo as an ONNX model (opset 17) that ONNX Runtime runs: <see cref="SequenceClassifier"/>,
/// <see cref="SequenceRegressor"/> and <see cref="CellSequenceModel"/> (the seed cells as a <c>Scan</c>).
/// </summary>
/// <remarks>
/// <para>The graph, in inference mode (dropout removed):</para>
/// <list type="bullet">
/// <item>input <c>inputs</c>: token ids <c>[batch, time]</c> int64 (a classifier with an embedding) or features
/// <c>[batch, time, features]</c> float32; batch and time are dynamic.</item>
/// <item>input <c>lengths</c>: <c>[batch]</c> int64, each sequence's valid length in [1, time] (post-padding: the
/// padding is at the end); pass <c>time</c> for every sequence of an unpadded batch.</item>
/// <item>output <c>output</c> float32: a classifier's logits <c>[batch, classes]</c>; a regressor's predictions
/// <c>[batch, time, outputs]</c> (every step) or <c>[batch, horizon, outputs]</c> (forecast from the last valid step);
/// a cell model's outputs <c>[batch, time, outputs]</c>. Outputs at padded steps are what RnnZoo gives there.</item>
/// </list>
/// <para>Embedding is a <c>Gather</c>; each recurrent layer is ONNX's <c>RNN</c>/<c>LSTM</c>/<c>GRU</c> operator with its
/// gates reordered (see <see cref="OnnxRecurrent"/>) and the lengths as <c>sequence_lens</c>; pooling and heads are plain
/// operators. The weights are read through the model's <c>state_dict()</c> names and its public <c>Spec</c>.</para>
/// </remarks>
/// <example>
/// <code>
/// OnnxExporter.Export(classifier, "imdb.onnx");
/// // C#, ONNX Runtime only: new InferenceSession("imdb.onnx").Run(... "inputs" [1, T] int64, "lengths" [1] int64 ...)
/// </code>
/// </example>
public static class OnnxExporter
{
    /// <summary>Name of the input that takes the ids or features.</summary>
    public const string InputsName = "inputs";
    /// <summary>Name of the input that takes the lengths.</summary>
    public const string LengthsName = "lengths";
    /// <summary>Name of the output.</summary>
    public const string OutputName = "output";
    /// <summary>The ONNX operator set the files use.</summary>
    public const int Opset = 17;
    /// <summary>ONNX IR version of the files (IR 8 goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (temporary file, then rename).</summary>
    /// <exception cref="NotSupportedException">A model or cell type the exporter does not know; the message names it.</exception>
    public static void Export(SequenceModel model, string path, OnnxExportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var proto = ToModel(model, options);
        Serialization.AtomicFile.Write(path, temporary =>
        {
            using var stream = File.Create(temporary);
            proto.WriteTo(stream);
        });
    }

    /// <summary>The ONNX model of <paramref name="model"/>, as OnnxSharp's <see cref="ModelProto"/>.</summary>
    /// <exception cref="NotSupportedException">A model or cell type the exporter does not know; the message names it.</exception>
    public static ModelProto ToModel(SequenceModel model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        var state = model.state_dict();
        var g = new OnnxGraphBuilder(options.GraphName ?? model.GetType().Name);
        string description;
        using (no_grad())
        {
            description = model switch
            {
                SequenceClassifier classifier => Classifier(g, classifier, state),
                SequenceRegressor regressor => Regressor(g, regressor, state),
                CellSequenceModel cells => Cells(g, cells, state),
                _ => throw new NotSupportedException(
                    $"ONNX export knows SequenceClassifier, SequenceRegressor and CellSequenceModel; got {model.GetType().Name}."),
            };
        }
        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "RnnZoo",
            ProducerVersion = typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
            DocString = description,
            Graph = g.Graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "rnnzoo.model", Value = description });
        foreach (var (key, value) in options.Metadata ?? new Dictionary<string, string>())
            proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return proto;
    }

    private static string Classifier(OnnxGraphBuilder g, SequenceClassifier model, Dictionary<string, Tensor> state)
    {
        var spec = model.Spec;
        string inputs, timeMajor;
        if (spec.VocabularySize is not null)
        {
            inputs = g.Input(InputsName, DataType.Int64, "batch", "time");
            var embedded = g.Node("Gather", new[] { g.Weight("embedding", Get(state, "embedding.weight")), inputs }, Attr("axis", 0L));
            timeMajor = g.Node("Transpose", new[] { embedded }, Attr("perm", new long[] { 1, 0, 2 }));
        }
        else
        {
            inputs = g.Input(InputsName, DataType.Float, "batch", "time", (long)spec.Recurrent.InputSize);
            timeMajor = g.Node("Transpose", new[] { inputs }, Attr("perm", new long[] { 1, 0, 2 }));
        }
        var lengths = g.Input(LengthsName, DataType.Int64, "batch");
        var ops = new OnnxSequenceOps(g, inputs, lengths);
        var outputs = OnnxRecurrent.Network(g, timeMajor, ops.SequenceLens, spec.Recurrent, state, "encoder.");
        var pooled = ops.Pool(outputs, spec.Pooling, spec.Recurrent.Directions, spec.Recurrent.HiddenSize);
        var logits = g.Node("Gemm", new[] { pooled, g.Weight("head_weight", Get(state, "head.weight")), g.Weight("head_bias", Get(state, "head.bias")) },
            Attr("transB", 1L));
        g.Output(logits, OutputName, DataType.Float, "batch", (long)spec.Classes);
        return $"RnnZoo SequenceClassifier: {spec}";
    }

    private static string Regressor(OnnxGraphBuilder g, SequenceRegressor model, Dictionary<string, Tensor> state)
    {
        var spec = model.Spec;
        var inputs = g.Input(InputsName, DataType.Float, "batch", "time", (long)spec.Recurrent.InputSize);
        var lengths = g.Input(LengthsName, DataType.Int64, "batch");
        var ops = new OnnxSequenceOps(g, inputs, lengths);
        var outputs = OnnxRecurrent.Network(g, ops.SwapBatchTime(inputs), ops.SequenceLens, spec.Recurrent, state, "encoder.");
        var weight = Get(state, "head.weight");
        var bias = g.Weight("head_bias", Get(state, "head.bias"));
        if (spec.Output == RegressionOutput.EveryStep)
        {
            // The head on every step, zero outputs past a length included (what the TorchSharp model computes there).
            var batchFirst = ops.SwapBatchTime(ops.ZeroPadding(outputs));
            var predictions = g.Node("Add", new[] { g.Node("MatMul", new[] { batchFirst, g.Weight("head_weight_t", weight.t()) }), bias });
            g.Output(predictions, OutputName, DataType.Float, "batch", "time", (long)spec.Outputs);
        }
        else
        {
            var last = ops.Pool(outputs, Pooling.Last, spec.Recurrent.Directions, spec.Recurrent.HiddenSize);
            var forecast = g.Node("Gemm", new[] { last, g.Weight("head_weight", weight), bias }, Attr("transB", 1L));
            var shaped = g.Node("Reshape", new[] { forecast, g.Int64s("forecast_shape", -1, spec.Horizon, spec.Outputs) });
            g.Output(shaped, OutputName, DataType.Float, "batch", (long)spec.Horizon, (long)spec.Outputs);
        }
        return $"RnnZoo SequenceRegressor: {spec}";
    }

    private static string Cells(OnnxGraphBuilder g, CellSequenceModel model, Dictionary<string, Tensor> state)
    {
        var cell = model.Cell;
        var inputs = g.Input(InputsName, DataType.Float, "batch", "time", (long)cell.InputSize);
        var lengths = g.Input(LengthsName, DataType.Int64, "batch");
        var ops = new OnnxSequenceOps(g, inputs, lengths);
        var x = ops.SwapBatchTime(inputs);
        const string prefix = "layer.cell.";
        var outputs = cell switch
        {
            // The standard cells have ONNX operators of their own.
            ElmanCell elman => ops.ZeroPadding(OnnxRecurrent.Layer(g, x, ops.SequenceLens, RnnKind.Rnn, cell.HiddenSize, elman.Nonlinearity, state, prefix, new[] { "" })),
            LstmCell => ops.ZeroPadding(OnnxRecurrent.Layer(g, x, ops.SequenceLens, RnnKind.Lstm, cell.HiddenSize, Nonlinearity.Tanh, state, prefix, new[] { "" })),
            GruCell => ops.ZeroPadding(OnnxRecurrent.Layer(g, x, ops.SequenceLens, RnnKind.Gru, cell.HiddenSize, Nonlinearity.Tanh, state, prefix, new[] { "" })),
            _ => OnnxCellScan.Unroll(g, ops, inputs, x, cell, state, prefix),
        };
        g.Output(ops.SwapBatchTime(outputs), OutputName, DataType.Float, "batch", "time", (long)cell.OutputSize);
        return $"RnnZoo CellSequenceModel over {cell.GetType().Name} (input {cell.InputSize}, hidden {cell.HiddenSize}, output {cell.OutputSize})";
    }

    private static Tensor Get(Dictionary<string, Tensor> state, string name) =>
        state.TryGetValue(name, out var value)
            ? value
            : throw new ArgumentException($"The model has no parameter '{name}' (it has {string.Join(", ", state.Keys)}).");
}
