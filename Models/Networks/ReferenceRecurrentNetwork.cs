using RnnZoo.Models.Cells;
using RnnZoo.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Networks;

/// <summary>
/// The reference implementation: RnnZoo's cells (<see cref="ElmanCell"/>, <see cref="LstmCell"/>,
/// <see cref="GruCell"/>), each unrolled by a <see cref="RecurrentLayer"/>. Equal to the fused kernels (see the
/// parity tests), and readable: every equation is in a cell.
/// </summary>
public sealed class ReferenceRecurrentNetwork : RecurrentNetwork
{
    /// <summary>Builds the network described by <paramref name="spec"/> (its Implementation is not consulted).</summary>
    public ReferenceRecurrentNetwork(RecurrentSpec spec) : base(nameof(ReferenceRecurrentNetwork), spec, CreateDirection) { }

    private static SequenceLayer CreateDirection(RecurrentSpec spec, int inputSize) => new RecurrentLayer(spec.Kind switch
    {
        RnnKind.Lstm => new LstmCell(inputSize, spec.HiddenSize, spec.Bias),
        RnnKind.Gru => new GruCell(inputSize, spec.HiddenSize, spec.Bias),
        _ => new ElmanCell(inputSize, spec.HiddenSize, spec.Nonlinearity, spec.Bias),
    });

    /// <inheritdoc />
    public override (RecurrentOutput Result, Tensor Probe) ForwardWithHiddenProbe(Tensor input, Tensor? lengths = null, RecurrentState? initialState = null)
    {
        Guard.Shape(input, nameof(input), -1, -1, InputSize);
        var probe = zeros(new[] { input.shape[0], input.shape[1], (long)OutputSize }, dtype: input.dtype, device: input.device).requires_grad_(true);
        Stack.HiddenProbe = probe;
        try { return (forward(input, lengths, initialState), probe); }
        finally { Stack.HiddenProbe = null; }
    }
}
