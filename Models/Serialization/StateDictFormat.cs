namespace RnnZoo.Models.Serialization;

/// <summary>The state-dict file formats RnnZoo reads and writes, told apart by the file's extension.</summary>
public enum StateDictFormat
{
    /// <summary>TorchSharp's own <c>Module.save</c> format (<c>.bin</c>, what <c>rnnzoo run</c> writes as model.bin).</summary>
    TorchSharp,
    /// <summary>PyTorch's <c>torch.save(model.state_dict())</c> (<c>.pt</c> or <c>.pth</c>), read and written by TorchSharp.PyBridge.</summary>
    PyTorch,
    /// <summary>Hugging Face's <c>.safetensors</c>, read and written by TorchSharp.PyBridge.</summary>
    SafeTensors,
}

/// <summary>Which <see cref="StateDictFormat"/> a path names.</summary>
public static class StateDictFormats
{
    /// <summary>The format of <paramref name="path"/> by its extension: .bin, .pt/.pth, .safetensors.</summary>
    /// <exception cref="ArgumentException">Another extension; the message lists the known ones.</exception>
    public static StateDictFormat FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".bin" => StateDictFormat.TorchSharp,
        ".pt" or ".pth" => StateDictFormat.PyTorch,
        ".safetensors" => StateDictFormat.SafeTensors,
        var other => throw new ArgumentException(
            $"'{path}': unknown weights format '{other}'; expected .bin (TorchSharp), .pt or .pth (PyTorch) or .safetensors."),
    };
}
