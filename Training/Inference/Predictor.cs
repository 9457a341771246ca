using RnnZoo.Data.Batching;
using RnnZoo.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Inference;

/// <summary>
/// The model's outputs without gradients, in eval mode, batch by batch inside DisposeScopes: the one inference loop
/// behind <see cref="Evaluator"/>, <c>rnnzoo predict</c> and the forecasts.
/// </summary>
public static class Predictor
{
    /// <summary>
    /// Each batch of <paramref name="source"/> (epoch 0's order) with the model's output on it, both in the batch's own
    /// DisposeScope (gone when the loop moves on): for loops that reduce outputs batch by batch.
    /// </summary>
    public static IEnumerable<(Batch Batch, Tensor Output)> Outputs(SequenceModel model, IBatchSource source, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(source);
        model.eval();
        foreach (var batch in ScopedBatches.Of(source.GetBatches(0)))
        {
            Tensor output;
            using (no_grad()) output = model.forward(device is null ? batch.Inputs : batch.Inputs.to(device), batch.Lengths);
            yield return (batch, output);
        }
    }

    /// <summary>The outputs for every batch of <paramref name="source"/>, concatenated along the batch, on the CPU, owned by the caller's scope.</summary>
    public static Tensor Predict(SequenceModel model, IBatchSource source, Device? device = null)
    {
        var outputs = Outputs(model, source, device).Select(o => o.Output.cpu().MoveToOuterDisposeScope()).ToArray();
        if (outputs.Length == 0) throw new InvalidOperationException("The data gave no batch to predict.");
        return cat(outputs, 0);
    }

    /// <summary>
    /// The outputs for <paramref name="inputs"/> (<c>[N, time]</c> ids or <c>[N, time, features]</c>) in batches of
    /// <paramref name="batchSize"/>, with their lengths (<c>[N]</c> int64, or null), on the CPU, owned by the caller's scope.
    /// </summary>
    public static Tensor Predict(SequenceModel model, Tensor inputs, Tensor? lengths = null, int batchSize = 512, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        return Predict(model, new SlicedBatches(inputs, lengths, batchSize), device);
    }

    // The rows of a tensor in order, as batches without targets.
    private sealed class SlicedBatches(Tensor inputs, Tensor? lengths, int batchSize) : IBatchSource
    {
        public long SampleCount => inputs.shape[0];
        public int BatchCount => (int)((SampleCount + batchSize - 1) / batchSize);

        public IEnumerable<Batch> GetBatches(int epoch)
        {
            for (long start = 0; start < SampleCount; start += batchSize)
            {
                var count = Math.Min(batchSize, SampleCount - start);
                var x = inputs.narrow(0, start, count);
                yield return new Batch(x, x, lengths?.narrow(0, start, count));
            }
        }
    }
}
