namespace RnnZoo.Models.Export.Onnx;

/// <summary>Options of <see cref="OnnxExporter"/>.</summary>
/// <param name="Metadata">Extra <c>metadata_props</c> of the model (ONNX Runtime: <c>ModelMetadata.CustomMetadataMap</c>),
/// e.g. the word index a text model needs; null for none.</param>
/// <param name="GraphName">The graph's name (default: the model's type name).</param>
public sealed record OnnxExportOptions(IReadOnlyDictionary<string, string>? Metadata = null, string? GraphName = null);
