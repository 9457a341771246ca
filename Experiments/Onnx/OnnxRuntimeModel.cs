using Microsoft.ML.OnnxRuntime;
using RnnZoo.Models;
using RnnZoo.Models.Export.Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Onnx;

/// <summary>
/// A model exported by <see cref="OnnxExporter"/>, run by ONNX Runtime behind the <see cref="SequenceModel"/> contract,
/// so that the code that runs a TorchSharp model (predict, forecasts) runs the exported file on the same inputs.
/// It has no parameters and cannot be trained.
/// </summary>
public sealed class OnnxRuntimeModel : SequenceModel
{
    private readonly InferenceSession _session;

    /// <summary>Opens <paramref name="path"/> in an ONNX Runtime session (CPU).</summary>
    /// <param name="path">An .onnx file written by RnnZoo's exporter (inputs <c>inputs</c> and <c>lengths</c>, output <c>output</c>).</param>
    /// <param name="threads">Intra-op threads; 0 lets ONNX Runtime choose.</param>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model with RnnZoo's inputs and output.</exception>
    public OnnxRuntimeModel(string path, int threads = 0) : base(nameof(OnnxRuntimeModel))
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No ONNX model at '{path}'.", path);
        using var options = new SessionOptions { IntraOpNumThreads = threads };
        try { _session = new InferenceSession(path, options); }
        catch (OnnxRuntimeException e) { throw new InvalidDataException($"'{path}' is not a model ONNX Runtime can load: {e.Message}", e); }
        var inputs = _session.InputMetadata.Keys.ToHashSet();
        if (!inputs.SetEquals(new[] { OnnxExporter.InputsName, OnnxExporter.LengthsName }) || !_session.OutputMetadata.ContainsKey(OnnxExporter.OutputName))
            throw new InvalidDataException($"'{path}' has inputs {string.Join(", ", inputs)} and outputs {string.Join(", ", _session.OutputMetadata.Keys)}; " +
                                           $"an RnnZoo export has inputs {OnnxExporter.InputsName}, {OnnxExporter.LengthsName} and output {OnnxExporter.OutputName}.");
        TokenInput = _session.InputMetadata[OnnxExporter.InputsName].ElementDataType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64;
        Metadata = _session.ModelMetadata.CustomMetadataMap;
    }

    /// <summary>True when the model reads token ids (int64 <c>[batch, time]</c>), false for float features.</summary>
    public bool TokenInput { get; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Runs the session: <paramref name="inputs"/> as the TorchSharp model takes them; null lengths mean full length.</summary>
    public override Tensor forward(Tensor inputs, Tensor? lengths)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var (batch, time) = (inputs.shape[0], inputs.shape[1]);
        var lens = lengths is null ? Enumerable.Repeat(time, (int)batch).ToArray() : lengths.to(ScalarType.Int64).cpu().data<long>().ToArray();
        using var lengthValue = OrtValue.CreateTensorValueFromMemory(lens, new[] { batch });
        using var inputValue = TokenInput
            ? OrtValue.CreateTensorValueFromMemory(inputs.to(ScalarType.Int64).cpu().contiguous().data<long>().ToArray(), inputs.shape)
            : OrtValue.CreateTensorValueFromMemory(inputs.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray(), inputs.shape);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, new[] { OnnxExporter.InputsName, OnnxExporter.LengthsName },
            new[] { inputValue, lengthValue }, new[] { OnnxExporter.OutputName });
        var output = results[0];
        return tensor(output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) _session.Dispose();
        base.Dispose(disposing);
    }
}
