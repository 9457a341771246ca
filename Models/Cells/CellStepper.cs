using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// A cell prepared for unrolling over one sequence. What does not depend on the time step is done once:
/// <see cref="ProjectInputs"/> applies the input weights to all steps in one matrix product, and the
/// stepper keeps the transposed recurrent weights, so that each <see cref="Step"/> does one product.
/// </summary>
/// <remarks>
/// A stepper may also step several cells of its kind at once (<see cref="Group"/>): the layers use that to step
/// the two directions of a bidirectional layer, or the layers of a stack, in lockstep (one matrix product and one
/// set of element-wise operations per step for all of them, instead of one set per cell).
/// </remarks>
public abstract class CellStepper
{
    /// <summary>
    /// Applies the input-dependent part of the cell to a whole sequence, <c>[..., input]</c> to <c>[..., projected]</c>
    /// (any leading dimensions: <c>[batch, time, input]</c>, <c>[time, batch, input]</c> or one step <c>[batch, input]</c>).
    /// Identity by default.
    /// </summary>
    public virtual Tensor ProjectInputs(Tensor input) => input;

    /// <summary>
    /// One time step from a projected input <c>[batch, projected]</c> and the previous state (for a group stepper,
    /// <c>[members, batch, projected]</c> and state parts <c>[members, batch, size]</c>).
    /// </summary>
    /// <remarks>
    /// A stepper made while gradients are off (inference) may compute in place in <paramref name="projectedInput"/>:
    /// the sequence loop passes each step of its <see cref="ProjectInputs"/> result once and never reads it again.
    /// Steppers whose <see cref="ProjectInputs"/> returns the caller's input (the default) must not.
    /// </remarks>
    public abstract CellOutput Step(Tensor projectedInput, RecurrentState state);

    /// <summary>
    /// A whole run at once, input projection included, when the cell has a kernel for that: <paramref name="input"/> is
    /// the run's input, time-major <c>[time, batch, I]</c> (for a group <c>[time, members, batch, I]</c>), and
    /// <paramref name="state"/> the state before the first step. Returns the outputs <c>[time, ..., batch, O]</c> and the
    /// state after every step (parts <c>[time, ..., batch, size]</c>), equal to projecting and stepping one step at a
    /// time; or null (the default, or tensors the kernel does not take), and the loop does that.
    /// </summary>
    public virtual (Tensor Outputs, RecurrentState States)? StepAll(Tensor input, RecurrentState state) => null;

    /// <summary>
    /// True when <see cref="StepAll"/> runs whole runs of float32 CPU tensors with its own kernel, whose fixed cost a
    /// step is small: the layers then gain nothing from stepping the layers of a stack together in a wavefront.
    /// </summary>
    public virtual bool HasRunKernel => false;

    /// <summary>
    /// A stepper for <paramref name="members"/> (two or more steppers of this one's class, this one among them or not)
    /// stepped together: its <see cref="Step"/> takes and returns tensors with a leading member axis, member m computed with
    /// the m-th stepper's weights. Its <see cref="ProjectInputs"/> takes <c>[members, ..., input]</c> (one batched
    /// product) when the members have one input size; otherwise each member projects its own inputs.
    /// Null when the cell cannot (the default); the layers then step each cell on its own.
    /// </summary>
    protected virtual CellStepper? GroupOf(IReadOnlyList<CellStepper> members) => null;

    /// <summary>
    /// The group stepper of <paramref name="members"/> (see <see cref="GroupOf"/>), or null when they are fewer than
    /// two, not all of one class, or of a class that cannot be grouped.
    /// </summary>
    public static CellStepper? Group(IReadOnlyList<CellStepper> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2) return null;
        var type = members[0].GetType();
        return members.All(m => m.GetType() == type) ? members[0].GroupOf(members) : null;
    }
}
