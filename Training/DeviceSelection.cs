using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training;

/// <summary>Turns "cpu", "cuda" or "cuda:N" into a device, with a clear error where CUDA is absent.</summary>
public static class DeviceSelection
{
    /// <summary>The device named by <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name, or CUDA asked for where it is not available.</exception>
    public static Device Parse(string? name)
    {
        var text = (name ?? "cpu").Trim().ToLowerInvariant();
        if (text == "cpu") return CPU;
        if (text == "cuda" || text.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available())
                throw new ArgumentException(
                    $"Device '{name}' asked for, but CUDA is not available here: this build uses libtorch's CPU package " +
                    "(libtorch-cpu-linux-x64) or no NVIDIA GPU and driver are present. Use --device cpu, or reference a CUDA libtorch package on a machine with a GPU.");
            var index = text == "cuda" ? 0 : int.Parse(text[5..]);
            if (index >= cuda.device_count()) throw new ArgumentException($"Device '{name}': only {cuda.device_count()} CUDA device(s) here.");
            return new Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Unknown device '{name}': use cpu, cuda or cuda:N.");
    }
}
