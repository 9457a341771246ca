using RnnZoo.Models.Cells;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// The sequence loop: unrolls any <see cref="RecurrentCell"/> over batch-first input, one direction
/// (Flux's <c>Recur</c>, Keras' <c>RNN(cell)</c>). State <c>[1, batch, hidden]</c>.
/// </summary>
/// <remarks>
/// The input projection of all steps is one matrix product (<see cref="CellStepper.ProjectInputs"/>); the
/// steps are taken apart once with <c>unbind</c>: indexing each step with <c>select</c> inside the loop would
/// make the backward pass build a full-size gradient per step (quadratic in time). With lengths, a step past
/// a sequence's end leaves its state unchanged and outputs zero.
/// </remarks>
public sealed class RecurrentLayer : SequenceLayer, IDirectionLayer
{
    /// <summary>Wraps <paramref name="cell"/>.</summary>
    public RecurrentLayer(RecurrentCell cell) : base(nameof(RecurrentLayer))
    {
        this.cell = cell ?? throw new ArgumentNullException(nameof(cell));
        RegisterComponents();
    }

#pragma warning disable IDE1006 // field name is the parameter prefix in state_dict ("cell.weight_ih")
    private readonly RecurrentCell cell;
#pragma warning restore IDE1006

    /// <summary>The cell this layer unrolls.</summary>
    public RecurrentCell Cell => cell;

    /// <inheritdoc />
    public override int InputSize => cell.InputSize;
    /// <inheritdoc />
    public override int HiddenSize => cell.HiddenSize;
    /// <inheritdoc />
    public override int OutputSize => cell.OutputSize;
    /// <inheritdoc />
    public override IReadOnlyList<int> StateSizes => cell.StateSizes;
    /// <inheritdoc />
    public override int StateLayers => 1;

    /// <inheritdoc />
    public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> CellParameters() =>
        cell.named_parameters().Select(p => (p.name, p.parameter));

    /// <inheritdoc />
    protected override RecurrentOutput Run(Tensor input, Tensor? lengths, RecurrentState? initialState, ForwardOptions options)
    {
        var (batch, time) = (input.shape[0], input.shape[1]);
        var state = initialState is null ? cell.ZeroState(batch, input) : initialState.Map(part => part[0]);

        var stepper = cell.Prepare();
        var steps = stepper.ProjectInputs(input).unbind(1);
        // valid[t]: [batch, 1] bool, true while step t is inside the sequence.
        var valid = lengths is null
            ? null
            : (arange(time, dtype: ScalarType.Int64, device: input.device).unsqueeze(0) < lengths.to(input.device).unsqueeze(1))
                .unsqueeze(-1).unbind(1);

        if (options.HiddenProbe is { } p) Guard.Shape(p, "options.HiddenProbe", batch, time, HiddenSize);
        var probe = options.HiddenProbe?.unbind(1);
        var outputs = new Tensor[time];
        for (var t = 0; t < time; t++)
        {
            var (output, next) = stepper.Step(steps[t], state);
            if (valid is not null)
            {
                var v = valid[t];
                next = next.Zip(state, (updated, kept) => where(v, updated, kept));
                output = output.masked_fill(v.logical_not(), 0);
            }
            if (probe is not null)
            {
                // h_t + 0: the gradient w.r.t. the zero probe is dL/dh_t through the rest of the sequence.
                var probed = next.H + probe[t];
                if (ReferenceEquals(output, next.H)) output = probed;
                next = next.WithH(probed);
            }
            outputs[t] = output;
            state = next;
        }
        return new RecurrentOutput(stack(outputs, 1), state.Map(part => part.unsqueeze(0)));
    }
}
