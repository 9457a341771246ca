using RnnZoo.Training.Metrics;
using static TorchSharp.torch;

namespace RnnZoo.Training;

/// <summary>
/// A loss: its name, the function of <c>(prediction, target)</c> giving the batch's mean loss, and the metrics that
/// go with it (accuracy while training and precision/recall/F1/ROC-AUC when evaluating a classifier, MAE and RMSE for
/// a regressor). The built-in kinds come from <see cref="From(LossKind)"/>; any delegate makes a custom one.
/// </summary>
/// <example>
/// <code>
/// // A focal-style loss on logits [B, C] and int64 labels [B], with accuracy reported.
/// var focal = Loss.Custom("focal", (logits, labels) =>
/// {
///     var logP = logits.log_softmax(1).gather(1, labels.unsqueeze(1)).squeeze(1);
///     return (-(1 - logP.exp()).pow(2) * logP).mean();
/// }, trainingMetrics: () => [new AccuracyMetric()], evaluationMetrics: () => [new ClassificationMetric()]);
/// using var trainer = new Trainer(model, options, loss: focal);
/// </code>
/// </example>
public sealed class Loss
{
    private readonly Func<Tensor, Tensor, Tensor> _compute;
    private readonly Func<IReadOnlyList<Metric>> _trainingMetrics, _evaluationMetrics;

    private Loss(string name, Func<Tensor, Tensor, Tensor> compute, Func<IReadOnlyList<Metric>>? trainingMetrics, Func<IReadOnlyList<Metric>>? evaluationMetrics)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _compute = compute ?? throw new ArgumentNullException(nameof(compute));
        _trainingMetrics = trainingMetrics ?? (() => []);
        _evaluationMetrics = evaluationMetrics ?? (() => []);
    }

    /// <summary>Its name in logs and configurations.</summary>
    public string Name { get; }

    /// <summary>The built-in kind, or null for a custom loss.</summary>
    public LossKind? Kind { get; private init; }

    /// <summary>The mean loss of a batch; a scalar tensor that back-propagates.</summary>
    public Tensor Compute(Tensor prediction, Tensor target) => _compute(prediction, target);

    /// <summary>New accumulators of the metrics computed on the training batches of each epoch.</summary>
    public IReadOnlyList<Metric> TrainingMetrics() => _trainingMetrics();

    /// <summary>New accumulators of the metrics computed when evaluating (validation, test).</summary>
    public IReadOnlyList<Metric> EvaluationMetrics() => _evaluationMetrics();

    /// <summary>A loss of one's own.</summary>
    /// <param name="name">Its name in logs.</param>
    /// <param name="compute">The batch's mean loss from the model's output and the batch's targets.</param>
    /// <param name="trainingMetrics">Metrics on the training batches (default none).</param>
    /// <param name="evaluationMetrics">Metrics when evaluating (default none).</param>
    public static Loss Custom(string name, Func<Tensor, Tensor, Tensor> compute,
        Func<IReadOnlyList<Metric>>? trainingMetrics = null, Func<IReadOnlyList<Metric>>? evaluationMetrics = null) =>
        new(name, compute, trainingMetrics, evaluationMetrics);

    /// <summary>The built-in loss <paramref name="kind"/> and its metrics.</summary>
    public static Loss From(LossKind kind) => kind switch
    {
        LossKind.CrossEntropy => new Loss("cross_entropy", (p, t) => Losses.Compute(kind, p, t),
            () => [new AccuracyMetric()], () => [new ClassificationMetric()]) { Kind = kind },
        LossKind.BinaryCrossEntropyWithLogits => new Loss("binary_cross_entropy_with_logits", (p, t) => Losses.Compute(kind, p, t),
            null, () => [new ClassificationMetric(ClassificationMetric.Scores.BinaryLogits)]) { Kind = kind },
        LossKind.Mse or LossKind.Mae or LossKind.Huber => new Loss(kind.ToString().ToLowerInvariant(), (p, t) => Losses.Compute(kind, p, t),
            null, () => [new RegressionMetric()]) { Kind = kind },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss."),
    };
}
