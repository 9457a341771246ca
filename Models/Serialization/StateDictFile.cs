using System.Collections;
using System.Text;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace RnnZoo.Models.Serialization;

/// <summary>
/// Reads and writes a state dict (parameter name to tensor) in any <see cref="StateDictFormat"/>, without a module:
/// what <c>rnnzoo convert</c> does. PyTorch's pickles and safetensors go through TorchSharp.PyBridge; TorchSharp's
/// format is its <c>Module.save</c> layout (entry count, then each name and <c>Tensor.Save</c>'s record).
/// </summary>
public static class StateDictFile
{
    /// <summary>The tensors stored at <paramref name="path"/> (on the CPU); the order of a .pt file is not kept (PyBridge reads it into a hash table).</summary>
    /// <exception cref="FileNotFoundException">No file there.</exception>
    /// <exception cref="InvalidDataException">The file is not a state dict of the format its extension names.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var format = StateDictFormats.FromPath(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No weights file at '{path}'.", path);
        try
        {
            switch (format)
            {
                case StateDictFormat.PyTorch:
                    {
                        var table = PyTorchUnpickler.UnpickleStateDict(path);
                        var result = new Dictionary<string, Tensor>();
                        foreach (DictionaryEntry entry in table)
                        {
                            if (entry.Value is not Tensor value)
                                throw new InvalidDataException($"entry '{entry.Key}' is a {entry.Value?.GetType().Name ?? "null"}, not a tensor");
                            result[(string)entry.Key] = value;
                        }
                        return result;
                    }
                case StateDictFormat.SafeTensors:
                    return Safetensors.LoadStateDict(path);
                default:
                    {
                        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
                        try { return StateDictionary.Read(reader); }
                        catch (InvalidDataException e) { throw new InvalidDataException($"'{path}' is truncated or not a TorchSharp state file: {e.Message}", e); }
                    }
            }
        }
        catch (Exception e) when (e is not (FileNotFoundException or InvalidDataException))
        {
            throw new InvalidDataException($"'{path}' is not a readable {format} state dict: {e.Message}", e);
        }
    }

    /// <summary>Writes <paramref name="state"/> to <paramref name="path"/> in the format its extension names (temporary file, then rename).</summary>
    /// <remarks>Tensors are written contiguous and on the CPU (PyBridge refuses a non-contiguous tensor).</remarks>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var format = StateDictFormats.FromPath(path);
        AtomicFile.Write(path, temporary =>
        {
            using var scope = NewDisposeScope();
            var ready = state.ToDictionary(p => p.Key, p => p.Value.detach().cpu().contiguous());
            switch (format)
            {
                case StateDictFormat.PyTorch:
                    PyTorchPickler.PickleStateDict(temporary, ready);
                    break;
                case StateDictFormat.SafeTensors:
                    Safetensors.SaveStateDict(temporary, ready);
                    break;
                default:
                    using (var writer = new BinaryWriter(File.Create(temporary), Encoding.UTF8)) StateDictionary.Write(writer, ready);
                    break;
            }
        });
    }
}
