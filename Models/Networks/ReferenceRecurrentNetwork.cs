using RnnZoo.Models.Cells;
using RnnZoo.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Networks;

/// <summary>
/// The reference implementation: RnnZoo's cells (<see cref="ElmanCell"/>, <see cref="LstmCell"/>,
/// <see cref="GruCell"/>), each unrolled by a <see cref="RecurrentLayer"/>, paired by <see cref="Bidirectional"/>
/// and stacked by <see cref="StackedRecurrent"/>. Equal to the fused kernels (see the parity tests), and
/// readable: every equation is in a cell.
/// </summary>
public sealed class ReferenceRecurrentNetwork : RecurrentNetwork
{
    /// <summary>Builds the network described by <paramref name="spec"/> (its Implementation is not consulted).</summary>
    public ReferenceRecurrentNetwork(RecurrentSpec spec) : base(nameof(ReferenceRecurrentNetwork), spec)
    {
        var layers = new List<SequenceLayer>();
        for (var k = 0; k < Spec.Layers; k++)
        {
            var inputSize = k == 0 ? Spec.InputSize : Spec.OutputSize;
            SequenceLayer layer = Spec.Bidirectional
                ? new Bidirectional(NewLayer(inputSize), NewLayer(inputSize), RecurrentSpec.Merge)
                : NewLayer(inputSize);
            layers.Add(layer);
        }
        stack = new StackedRecurrent(layers, Spec.Dropout);
        RegisterComponents();
    }

#pragma warning disable IDE1006
    private readonly StackedRecurrent stack;
#pragma warning restore IDE1006

    /// <summary>The composed layers.</summary>
    public StackedRecurrent Stack => stack;

    private RecurrentLayer NewLayer(int inputSize) => new(Spec.Kind switch
    {
        RnnKind.Lstm => new LstmCell(inputSize, Spec.HiddenSize, Spec.Bias),
        RnnKind.Gru => new GruCell(inputSize, Spec.HiddenSize, Spec.Bias),
        _ => new ElmanCell(inputSize, Spec.HiddenSize, Spec.Nonlinearity, Spec.Bias),
    });

    /// <summary>Each cell with its PyTorch layer/direction suffix ("_l0", "_l0_reverse", ...).</summary>
    public IEnumerable<(string Suffix, RecurrentCell Cell)> Cells()
    {
        var layers = stack.Layers;
        for (var k = 0; k < layers.Count; k++)
        {
            if (layers[k] is Bidirectional bi)
            {
                yield return ($"_l{k}", ((RecurrentLayer)bi.ForwardLayer).Cell);
                yield return ($"_l{k}_reverse", ((RecurrentLayer)bi.BackwardLayer).Cell);
            }
            else
            {
                yield return ($"_l{k}", ((RecurrentLayer)layers[k]).Cell);
            }
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<(string Name, Parameter Parameter)> CanonicalParameters() =>
        from c in Cells()
        from p in c.Cell.named_parameters()
        select (p.name + c.Suffix, p.parameter);

    /// <inheritdoc />
    public override (RecurrentOutput Result, Tensor Probe) ForwardWithHiddenProbe(Tensor input, Tensor? lengths = null, RecurrentState? initialState = null)
    {
        Guard.Shape(input, nameof(input), -1, -1, InputSize);
        var probe = zeros(new[] { input.shape[0], input.shape[1], (long)OutputSize }, dtype: input.dtype, device: input.device).requires_grad_(true);
        stack.HiddenProbe = probe;
        try { return (forward(input, lengths, initialState), probe); }
        finally { stack.HiddenProbe = null; }
    }

    /// <inheritdoc />
    protected override RecurrentOutput Run(Tensor input, Tensor? lengths, RecurrentState? initialState) =>
        stack.forward(input, lengths, initialState);
}
