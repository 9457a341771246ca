using RnnZoo.Data.Batching;
using RnnZoo.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Diagnostics;

/// <summary>
/// The norm of the loss gradient with respect to each time step's hidden state, <c>||dL/dh_t||</c> for t = 0..T−1,
/// the picture of vanishing and exploding gradients (Bengio et al. 1994; Pascanu et al. 2013).
/// </summary>
public static class GradientFlow
{
    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="batch"/> through <see cref="SequenceModel.ForwardWithHiddenStates"/>,
    /// back-propagates the mean loss and returns, per step, the L2 norm of dL/dh_t over the batch and the units.
    /// The model's parameter gradients are cleared afterwards.
    /// </summary>
    public static double[] Measure(SequenceModel model, Batch batch, LossKind loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        model.zero_grad();
        var (output, probe) = model.ForwardWithHiddenStates(batch.Inputs, batch.Lengths);
        Losses.Compute(loss, output, batch.Targets).backward();
        var gradient = probe.grad ?? throw new InvalidOperationException("The hidden-state probe received no gradient: the loss does not depend on the hidden states.");
        var norms = gradient.pow(2).sum(new long[] { 0, 2 }).sqrt().to(ScalarType.Float64).cpu().data<double>().ToArray();
        model.zero_grad();
        return norms;
    }
}
