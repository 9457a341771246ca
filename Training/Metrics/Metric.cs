using static TorchSharp.torch;

namespace RnnZoo.Training.Metrics;

/// <summary>
/// A metric accumulated over the batches of one pass (Keras' <c>Metric</c>: <c>reset_state</c>, <c>update_state</c>,
/// <c>result</c>). It may report several values at once (precision, recall and F1 from the same counts).
/// </summary>
public abstract class Metric
{
    /// <summary>Forgets what was accumulated.</summary>
    public abstract void Reset();

    /// <summary>Adds a batch: the model's output and the batch's targets (no gradient needed; called under no_grad).</summary>
    public abstract void Update(Tensor prediction, Tensor target);

    /// <summary>The values over everything accumulated since the last reset, by name (e.g. "accuracy").</summary>
    public abstract IReadOnlyDictionary<string, double> Compute();

    /// <summary>
    /// What was accumulated, as text, so that an epoch interrupted between two batches resumes its training metrics
    /// exactly; null (the default) when the metric does not offer it (the resumed epoch's value then covers the
    /// batches after the resume only).
    /// </summary>
    public virtual string? SaveState() => null;

    /// <summary>Restores what <see cref="SaveState"/> returned.</summary>
    public virtual void LoadState(string state) { }
}
