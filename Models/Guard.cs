using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models;

/// <summary>
/// Argument checks that run before any native call, with messages that name the argument and give the
/// expected and the actual value or shape.
/// </summary>
internal static class Guard
{
    public static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive, got {value}.");
    }

    public static void NonNegative(int value, string name)
    {
        if (value < 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or positive, got {value}.");
    }

    public static void Probability(double value, string name)
    {
        if (!(value >= 0 && value < 1)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1), got {value}.");
    }

    /// <summary>Checks rank and the sizes given (-1 = any).</summary>
    public static void Shape(Tensor tensor, string name, params long[] expected)
    {
        ArgumentNullException.ThrowIfNull(tensor, name);
        var actual = tensor.shape;
        var ok = actual.Length == expected.Length;
        for (var i = 0; ok && i < expected.Length; i++) ok = expected[i] < 0 || expected[i] == actual[i];
        if (!ok)
            throw new ArgumentException($"{name}: expected shape {Describe(expected)}, got {Describe(actual)}.", name);
    }

    /// <summary>Checks a cell-level state: one tensor <c>[batch, size]</c> per entry of <paramref name="sizes"/>.</summary>
    public static void State(RecurrentState state, string name, long batch, IReadOnlyList<int> sizes) =>
        State(state, name, sizes, i => [batch, sizes[i]]);

    /// <summary>Checks a layer-level state: one tensor <c>[layers, batch, size]</c> per entry of <paramref name="sizes"/>.</summary>
    public static void State(RecurrentState state, string name, long layers, long batch, IReadOnlyList<int> sizes) =>
        State(state, name, sizes, i => [layers, batch, sizes[i]]);

    private static void State(RecurrentState state, string name, IReadOnlyList<int> sizes, Func<int, long[]> expected)
    {
        ArgumentNullException.ThrowIfNull(state, name);
        if (state.Count != sizes.Count)
            throw new ArgumentException(
                $"{name}: expected a state of {sizes.Count} tensor(s) ({string.Join(", ", Enumerable.Range(0, sizes.Count).Select(i => $"{RecurrentState.PartName(i)} {Describe(expected(i))}"))}), got {state.Count}" +
                (state.Count < sizes.Count && sizes.Count == 2 ? " (the cell state C is missing)." : "."), name);
        for (var i = 0; i < sizes.Count; i++) Shape(state.Parts[i], $"{name}.{RecurrentState.PartName(i)}", expected(i));
    }

    /// <summary>Checks sequence lengths: a 1-D int64 CPU tensor of size <paramref name="batch"/>, values in [1, time].</summary>
    public static void Lengths(Tensor? lengths, string name, long batch, long time)
    {
        if (lengths is null) return;
        Shape(lengths, name, batch);
        if (lengths.dtype != ScalarType.Int64)
            throw new ArgumentException($"{name}: expected int64 lengths, got {lengths.dtype}.", name);
        if (lengths.device_type != DeviceType.CPU)
            throw new ArgumentException($"{name}: lengths must be on the CPU, got {lengths.device}.", name);
        if (batch == 0) return;
        var min = lengths.min().item<long>();
        var max = lengths.max().item<long>();
        if (min < 1 || max > time)
            throw new ArgumentException($"{name}: every length must be in [1, {time}] (the time dimension), got values in [{min}, {max}].", name);
    }

    public static string Describe(long[] shape) => "[" + string.Join(", ", shape.Select(s => s < 0 ? "*" : s.ToString())) + "]";
}
