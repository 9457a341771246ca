using RnnZoo.Models.Cells;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// The sequence loop: unrolls any <see cref="RecurrentCell"/> over batch-first input, one direction
/// (Flux's <c>Recur</c>, Keras' <c>RNN(cell)</c>). State <c>[1, batch, hidden]</c>.
/// </summary>
/// <remarks>
/// The input projection of all steps is one matrix product (<see cref="CellStepper.ProjectInputs"/>), time-major; a cell
/// with a kernel for whole runs takes the input in one call instead (<see cref="CellStepper.StepAll"/>); otherwise the
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
        var (outputs, final) = Unroll(stepper, input.transpose(0, 1), stepper.ProjectInputs, state, SequenceEnds.Of(lengths, time, input.device),
            options, options.HiddenProbe?.unbind(1));
        return new RecurrentOutput(outputs, final);
    }

    /// <summary>
    /// Runs <paramref name="stepper"/> over <paramref name="input"/> (time-major, <c>[time, ..., batch, I]</c>): all at once
    /// when it has a kernel for that (<see cref="CellStepper.StepAll"/>), otherwise projected by <paramref name="project"/>
    /// (to <c>[time, ..., batch, P]</c>) and stepped step by step. Returns the outputs with time at axis −2
    /// (<c>[..., batch, time, O]</c>), masked past each length unless the caller said it does not read them, and the final
    /// state with a leading axis of one.
    /// </summary>
    internal static (Tensor Outputs, RecurrentState State) Unroll(CellStepper stepper, Tensor input, Func<Tensor, Tensor> project, RecurrentState state,
        SequenceEnds? ends, ForwardOptions options, IReadOnlyList<Tensor>? probe = null)
    {
        if (probe is null && stepper.StepAll(input, state) is { } all)
        {
            // The states after every step are at hand: each sequence's final state is one gather away.
            var everyStep = options.OutputsOnly && ends is not null ? new RecurrentState(all.States.H) : all.States;
            var final = ends is null ? all.States.Map(part => part[part.shape[0] - 1].unsqueeze(0)) : ends.AtEnds(everyStep);
            return (Masked(TimeAtMinus2(all.Outputs), ends, options), final);
        }
        var (outputs, last, kept) = StepThrough(stepper, project(input), state, t => ends is not null && ends.IsLastStep(t), probe);
        var sequence = stack(outputs, -2);
        if (ends is null) return (sequence, last.Map(part => part.unsqueeze(0)));
        // Outputs only: the final state holds the hidden state alone (callers of OutputsOnly never read the rest).
        var records = kept.Select(k => options.OutputsOnly ? new RecurrentState(k.State.H) : k.State).ToList();
        return (Masked(sequence, ends, options), ends.Final(records));
    }

    private static Tensor TimeAtMinus2(Tensor timeMajor) => timeMajor.movedim(new[] { 0L }, new[] { timeMajor.dim() - 2 }).contiguous();

    private static Tensor Masked(Tensor sequence, SequenceEnds? ends, ForwardOptions options) =>
        ends is null || options.UnmaskedPadding ? sequence : ends.MaskPadding(sequence);

    /// <summary>
    /// The loop itself: steps <paramref name="stepper"/> through time-major projected <paramref name="steps"/> from
    /// <paramref name="state"/>. Returns each step's output <c>[..., batch, O]</c> (for the caller to stack along the axis it
    /// needs), the final state, and the states after the steps where <paramref name="keep"/> holds, in time order.
    /// </summary>
    internal static (Tensor[] Outputs, RecurrentState State, List<(long Step, RecurrentState State)> Kept) StepThrough(CellStepper stepper,
        Tensor steps, RecurrentState state, Func<long, bool> keep, IReadOnlyList<Tensor>? probe = null)
    {
        var time = steps.shape[0];
        var kept = new List<(long, RecurrentState)>();
        var inputs = steps.unbind(0);
        var outputs = new Tensor[time];
        for (var t = 0; t < time; t++)
        {
            var (output, next) = stepper.Step(inputs[t], state);
            if (probe is not null)
            {
                // h_t + 0: the gradient w.r.t. the zero probe is dL/dh_t through the rest of the sequence.
                var probed = next.H + probe[t];
                if (ReferenceEquals(output, next.H)) output = probed;
                next = next.WithH(probed);
            }
            outputs[t] = output;
            state = next;
            if (keep(t)) kept.Add((t, state));
        }
        return (outputs, state, kept);
    }
}
