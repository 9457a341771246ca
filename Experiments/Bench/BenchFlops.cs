using RnnZoo.Models;

namespace RnnZoo.Experiments.Bench;

/// <summary>
/// The matrix-product work of a benchmark step, in floating-point operations (a multiply-add counts two): the input
/// projections and recurrent products of every layer, direction and step of the padded batch, and the head. These are
/// the operations a kernel cannot skip; the element-wise gate arithmetic (a few per hidden unit and step) is left out,
/// as FLOP counts of RNNs usually do.
/// </summary>
/// <remarks>
/// Training counts the forward products and, for each, the two of its backward pass (the gradient of the weights and
/// of the input), except the input gradient of the first layer when its input is data (the series configurations:
/// nothing asks for it). With random lengths the padded batch is counted: the kernels step it whole.
/// </remarks>
public static class BenchFlops
{
    /// <summary>What a step multiplies, split by the shape of the products.</summary>
    /// <param name="Projection">Input projections: one product over all steps of the batch, <c>[B·T, I] · [I, g·H]</c>.</param>
    /// <param name="Recurrent">Recurrent products: one per step, <c>[B, H] · [H, g·H]</c>, each waiting for the last.</param>
    /// <param name="Head">The linear head.</param>
    public sealed record Work(double Projection, double Recurrent, double Head)
    {
        /// <summary>All of it.</summary>
        public double Total => Projection + Recurrent + Head;
    }

    /// <summary>Gates of a cell of <paramref name="kind"/>: the rows of its weights are gates × hidden.</summary>
    public static int Gates(RnnKind kind) => kind switch { RnnKind.Lstm => 4, RnnKind.Gru => 3, _ => 1 };

    /// <summary>The FLOPs of one step of <paramref name="config"/> in <paramref name="mode"/>.</summary>
    public static Work Step(BenchConfig config, BenchMode mode)
    {
        ArgumentNullException.ThrowIfNull(config);
        var rows = (double)Gates(config.Kind) * config.Hidden;
        var directions = config.Bidirectional ? 2 : 1;
        var tokens = (double)config.Batch * config.Steps;
        double projection = 0, recurrent = 0;
        for (var layer = 0; layer < config.Layers; layer++)
        {
            var input = layer == 0 ? config.InputSize : config.Hidden * directions;
            var forwardProjection = 2 * tokens * input * rows * directions;
            var forwardRecurrent = 2 * tokens * config.Hidden * rows * directions;
            var inputGradient = layer > 0 || config.Task == BenchTask.Classify; // an embedding's output needs its gradient
            projection += mode == BenchMode.Train ? forwardProjection * (inputGradient ? 3 : 2) : forwardProjection;
            recurrent += mode == BenchMode.Train ? forwardRecurrent * 3 : forwardRecurrent;
        }
        var headRows = config.Task == BenchTask.Classify ? config.Batch : tokens;
        var head = 2 * headRows * config.Hidden * directions * (config.Task == BenchTask.Classify ? config.Classes : config.Outputs);
        return new Work(projection, recurrent, mode == BenchMode.Train ? 3 * head : head);
    }
}
