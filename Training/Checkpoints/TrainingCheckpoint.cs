using System.Text.Json;
using System.Text.Json.Nodes;
using RnnZoo.Models.Serialization;
using RnnZoo.Training.Callbacks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using RnnZoo.Data;

namespace RnnZoo.Training.Checkpoints;

/// <summary>
/// What a training checkpoint holds, in the sections of a <see cref="CheckpointFile"/>: a JSON header (format, epochs
/// done, the progress of an epoch interrupted between batches, the history, the seed), the model's weights, the
/// optimizer's state, libtorch's random state, and every callback's state (JSON values, and tensor sets such as
/// early stopping's best weights). Everything a resumed run needs to continue bit for bit.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>The header format this version writes and reads.</summary>
    public const int Format = 2;

    /// <summary>The header section.</summary>
    /// <param name="Format">Header format (<see cref="TrainingCheckpoint.Format"/>).</param>
    /// <param name="Epoch">Epochs finished.</param>
    /// <param name="Progress">Batches done of the next epoch when it was interrupted (else empty).</param>
    /// <param name="History">Records of the finished epochs.</param>
    /// <param name="Seed">The fit's seed.</param>
    public sealed record Header(int Format, int Epoch, EpochProgress Progress, List<EpochRecord> History, int Seed);

    /// <summary>Writes the checkpoint of a fit atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, Header header, nn.Module model, OptimizerHelper optimizer, IReadOnlyList<Callback> callbacks)
    {
        var sections = new Dictionary<string, byte[]>
        {
            ["header"] = JsonSerializer.SerializeToUtf8Bytes(header, JsonFormat.Compact),
            ["model"] = StateDictionary.ToBytes(model.state_dict()),
            ["optimizer"] = OptimizerBytes(optimizer),
            ["rng"] = random.get_rng_state().data<byte>().ToArray(),
        };
        var states = new JsonObject();
        foreach (var callback in callbacks)
        {
            var state = new CallbackState();
            callback.SaveState(state);
            if (state.Values.Count == 0 && state.TensorSets.Count == 0) continue;
            states[callback.StateKey] = new JsonObject(state.Values.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
            foreach (var (set, tensors) in state.TensorSets) sections[$"callback/{callback.StateKey}/{set}"] = StateDictionary.ToBytes(tensors);
        }
        sections["callbacks"] = JsonSerializer.SerializeToUtf8Bytes(states, JsonFormat.Compact);
        CheckpointFile.Write(path, sections);
    }

    /// <summary>Checks that <paramref name="path"/> is a whole checkpoint of this format (checksum, sections, header), without loading it.</summary>
    /// <exception cref="InvalidDataException">A truncated, corrupt or foreign file, or another format (the file is left as it is).</exception>
    public static Header Verify(string path) => ReadHeader(path, CheckpointFile.Read(path));

    private static Header ReadHeader(string path, Dictionary<string, byte[]> sections)
    {
        foreach (var required in new[] { "header", "model", "optimizer", "rng", "callbacks" })
            if (!sections.ContainsKey(required))
                throw new InvalidDataException($"Checkpoint '{path}' has no '{required}' section: it was written by another version of RnnZoo. It was left as it is; delete it to start again.");
        Header header;
        try { header = JsonSerializer.Deserialize<Header>(sections["header"], JsonFormat.Compact) ?? throw new JsonException("empty header"); }
        catch (JsonException e) { throw new InvalidDataException($"Checkpoint '{path}' has an unreadable header ({e.Message}).", e); }
        if (header.Format != Format)
            throw new InvalidDataException($"Checkpoint '{path}' is of format {header.Format}; this RnnZoo reads format {Format}. It was left as it is.");
        return header;
    }

    /// <summary>
    /// Reads the checkpoint at <paramref name="path"/> into the model, the optimizer, libtorch's random state and the
    /// callbacks, and returns its header. Everything is read and checked before anything is changed.
    /// </summary>
    /// <exception cref="InvalidDataException">A truncated, corrupt or foreign file, another format, or a part missing (the file is left as it is).</exception>
    public static Header Load(string path, nn.Module model, OptimizerHelper optimizer, IReadOnlyList<Callback> callbacks)
    {
        var sections = CheckpointFile.Read(path);
        var header = ReadHeader(path, sections);
        var states = JsonNode.Parse(sections["callbacks"])?.AsObject() ?? new JsonObject();

        using (var stream = new MemoryStream(sections["model"]))
            model.load(stream);
        using (var reader = new BinaryReader(new MemoryStream(sections["optimizer"])))
            optimizer.load_state_dict(reader);
        random.set_rng_state(tensor(sections["rng"], dtype: ScalarType.Byte));
        using var scope = NewDisposeScope();
        foreach (var callback in callbacks)
        {
            var state = new CallbackState();
            if (states[callback.StateKey] is JsonObject values)
                foreach (var (key, node) in values) state.Values[key] = node?.DeepClone();
            var prefix = $"callback/{callback.StateKey}/";
            foreach (var (name, bytes) in sections.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)))
                state.TensorSets[name[prefix.Length..]] = StateDictionary.FromBytes(bytes);
            if (state.Values.Count > 0 || state.TensorSets.Count > 0) callback.LoadState(state);
        }
        return header;
    }

    private static byte[] OptimizerBytes(OptimizerHelper optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            optimizer.save_state_dict(writer);
        return stream.ToArray();
    }
}
