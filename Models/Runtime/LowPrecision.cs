using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Runtime;

/// <summary>
/// Inference in bfloat16: the weights and the activations in 16 bits (8 of mantissa), float32's range. Where the
/// processor multiplies bfloat16 natively (AVX-512 BF16, AMX) libtorch's kernels run about twice as fast; elsewhere
/// libtorch converts to float32 inside each operation and bfloat16 is slower than float32 (see
/// <see cref="HasNativeBFloat16"/>).
/// </summary>
public static class LowPrecision
{
    /// <summary>
    /// True when this processor computes bfloat16 products natively (the <c>avx512_bf16</c> or <c>amx_bf16</c> flag in
    /// <c>/proc/cpuinfo</c>); false elsewhere, and where that file cannot be read.
    /// </summary>
    public static bool HasNativeBFloat16 { get; } = ReadNativeBFloat16();

    /// <summary>
    /// Parses a dtype as given on a command line: <c>float32</c> (or <c>fp32</c>) and <c>bfloat16</c> (or <c>bf16</c>).
    /// </summary>
    /// <exception cref="ArgumentException">Any other name; the message lists the accepted ones.</exception>
    public static ScalarType ParseDtype(string name) => name.ToLowerInvariant() switch
    {
        "float32" or "fp32" or "float" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"dtype: expected float32 (fp32) or bfloat16 (bf16), got '{name}'."),
    };

    /// <summary>The name a dtype has in results and on command lines: float32 or bfloat16.</summary>
    public static string Name(ScalarType dtype) => dtype == ScalarType.BFloat16 ? "bfloat16" : "float32";

    /// <summary>
    /// <paramref name="model"/> for inference in <paramref name="dtype"/>: its floating-point parameters and buffers are
    /// converted in place, and the returned model casts floating-point inputs to <paramref name="dtype"/> (token ids pass
    /// unchanged) and its outputs back to float32. float32 returns <paramref name="model"/> itself.
    /// </summary>
    /// <remarks>Convert after loading weights: the converted model's state has the new dtype. Train in float32.</remarks>
    /// <exception cref="ArgumentException">A dtype other than float32 or bfloat16.</exception>
    public static SequenceModel Convert(SequenceModel model, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (dtype == ScalarType.Float32) return model;
        if (dtype != ScalarType.BFloat16) throw new ArgumentException($"dtype: expected Float32 or BFloat16, got {dtype}.", nameof(dtype));
        return new CastModel(model, dtype);
    }

    private sealed class CastModel : SequenceModel
    {
#pragma warning disable IDE1006 // the inner model's parameters keep their names under "model."
        private readonly SequenceModel model;
#pragma warning restore IDE1006
        private readonly ScalarType _dtype;

        public CastModel(SequenceModel inner, ScalarType dtype) : base(inner.GetType().Name + "_" + dtype)
        {
            model = inner;
            _dtype = dtype;
            model.to(dtype);
            RegisterComponents();
        }

        public override Tensor forward(Tensor inputs, Tensor? lengths)
        {
            var cast = inputs.is_floating_point() ? inputs.to(_dtype) : inputs;
            return model.forward(cast, lengths).to(ScalarType.Float32);
        }
    }

    private static bool ReadNativeBFloat16()
    {
        try
        {
            var flags = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            return flags is not null && flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(f => f is "avx512_bf16" or "amx_bf16");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
