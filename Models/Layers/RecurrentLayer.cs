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
/// make the backward pass build a full-size gradient per step (quadratic in time). With lengths the whole batch
/// steps through the padding unmasked (post-padding: the valid steps are exact anyway); each sequence's final
/// state is read back from the step where it ends and its outputs past the end are zeroed, once, at the end
/// (<see cref="SequenceEnds"/>).
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
        if (options.HiddenProbe is { } p) Guard.Shape(p, "options.HiddenProbe", batch, time, HiddenSize);

        var stepper = cell.Prepare();
        var (outputs, final) = Unroll(stepper, stepper.ProjectInputs(input).unbind(1), state, SequenceEnds.Of(lengths, time, input.device),
            options, options.HiddenProbe?.unbind(1));
        return new RecurrentOutput(outputs, final);
    }

    /// <summary>
    /// Steps <paramref name="stepper"/> through <paramref name="steps"/> (projected inputs <c>[..., batch, P]</c>);
    /// returns the outputs stacked along time at axis −2 (<c>[..., batch, time, O]</c>), masked past each length
    /// unless the caller said it does not read them, and the final state with a leading axis of one.
    /// </summary>
    internal static (Tensor Outputs, RecurrentState State) Unroll(CellStepper stepper, IReadOnlyList<Tensor> steps, RecurrentState state,
        SequenceEnds? ends, ForwardOptions options, IReadOnlyList<Tensor>? probe = null)
    {
        var outputs = new Tensor[steps.Count];
        var records = new List<RecurrentState>();
        for (var t = 0; t < steps.Count; t++)
        {
            var (output, next) = stepper.Step(steps[t], state);
            if (probe is not null)
            {
                // h_t + 0: the gradient w.r.t. the zero probe is dL/dh_t through the rest of the sequence.
                var probed = next.H + probe[t];
                if (ReferenceEquals(output, next.H)) output = probed;
                next = next.WithH(probed);
            }
            outputs[t] = output;
            state = next;
            if (ends is not null && ends.IsLastStep(t)) records.Add(options.OutputsOnly ? new RecurrentState(state.H) : state);
        }
        var sequence = stack(outputs, -2);
        if (ends is null) return (sequence, state.Map(part => part.unsqueeze(0)));
        // Outputs only: the final state holds the hidden state alone (callers of OutputsOnly never read the rest).
        return (options.UnmaskedPadding ? sequence : ends.MaskPadding(sequence), ends.Final(records));
    }
}
