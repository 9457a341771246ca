using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// A cell prepared for unrolling over one sequence. What does not depend on the time step is done once:
/// <see cref="ProjectInputs"/> applies the input weights to all steps in one matrix product, and the
/// stepper keeps the transposed recurrent weights, so that each <see cref="Step"/> does one product.
/// </summary>
public abstract class CellStepper
{
    /// <summary>
    /// Applies the input-dependent part of the cell to a whole sequence, <c>[batch, time, input]</c> to
    /// <c>[batch, time, projected]</c> (also works on one step, <c>[batch, input]</c>). Identity by default.
    /// </summary>
    public virtual Tensor ProjectInputs(Tensor input) => input;

    /// <summary>One time step from a projected input <c>[batch, projected]</c> and the previous state.</summary>
    public abstract CellOutput Step(Tensor projectedInput, RecurrentState state);
}
