using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;
using RnnZoo.Data;

namespace RnnZoo.Training.Callbacks;

/// <summary>
/// A callback's part of a checkpoint: named JSON values and named sets of tensors (e.g. the best weights of early
/// stopping). Values are serialised with <see cref="JsonFormat.Compact"/>.
/// </summary>
public sealed class CallbackState
{
    internal Dictionary<string, JsonNode?> Values { get; } = new(StringComparer.Ordinal);
    internal Dictionary<string, Dictionary<string, Tensor>> TensorSets { get; } = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/>.</summary>
    public void Set<T>(string key, T value) => Values[key] = JsonSerializer.SerializeToNode(value, JsonFormat.Compact);

    /// <summary>The value stored under <paramref name="key"/>.</summary>
    /// <exception cref="InvalidDataException">Nothing is stored under that key.</exception>
    public T Get<T>(string key) =>
        Values.TryGetValue(key, out var node)
            ? node is null ? default! : node.Deserialize<T>(JsonFormat.Compact)!
            : throw new InvalidDataException($"The checkpoint holds no '{key}' for this callback.");

    /// <summary>True when a value is stored under <paramref name="key"/>.</summary>
    public bool Has(string key) => Values.ContainsKey(key);

    /// <summary>Stores a set of tensors (they are written when the checkpoint is, so they must live until then).</summary>
    public void SetTensors(string key, IReadOnlyDictionary<string, Tensor> tensors) => TensorSets[key] = tensors.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>The set of tensors stored under <paramref name="key"/>, or null (they belong to the caller's DisposeScope).</summary>
    public IReadOnlyDictionary<string, Tensor>? GetTensors(string key) => TensorSets.GetValueOrDefault(key);
}
