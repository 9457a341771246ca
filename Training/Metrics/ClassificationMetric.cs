using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Metrics;

/// <summary>
/// Accuracy, precision, recall and F1 (binary: of class 1; else macro-averaged), and ROC-AUC for two classes, over
/// every sample of the pass (<see cref="ClassificationMetrics"/> does the arithmetic).
/// </summary>
public sealed class ClassificationMetric(ClassificationMetric.Scores scores = ClassificationMetric.Scores.SoftmaxLogits) : Metric
{
    /// <summary>What the model outputs.</summary>
    public enum Scores
    {
        /// <summary>Logits <c>[batch, classes]</c> for softmax (cross-entropy).</summary>
        SoftmaxLogits,
        /// <summary>One logit per sample for a sigmoid (binary cross-entropy with logits), against 0/1 targets.</summary>
        BinaryLogits,
    }

    private readonly List<long> _labels = new(), _predicted = new();
    private readonly List<double> _scores = new();

    /// <inheritdoc />
    public override void Reset() { _labels.Clear(); _predicted.Clear(); _scores.Clear(); }

    /// <inheritdoc />
    public override void Update(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        if (scores == Scores.BinaryLogits)
        {
            var probability = prediction.sigmoid().flatten().cpu().to(ScalarType.Float64).data<double>().ToArray();
            _labels.AddRange(target.flatten().cpu().to(ScalarType.Int64).data<long>().ToArray());
            _predicted.AddRange(probability.Select(p => p >= 0.5 ? 1L : 0L));
            _scores.AddRange(probability);
            return;
        }
        if (prediction.dim() != 2) return;
        _labels.AddRange(target.cpu().data<long>().ToArray());
        _predicted.AddRange(prediction.argmax(1).cpu().data<long>().ToArray());
        if (prediction.shape[1] == 2) _scores.AddRange(prediction.softmax(1)[.., 1].cpu().to(ScalarType.Float64).data<double>().ToArray());
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Compute()
    {
        var metrics = new Dictionary<string, double>();
        if (_labels.Count == 0) return metrics;
        metrics["accuracy"] = ClassificationMetrics.Accuracy(_labels, _predicted);
        var binary = _scores.Count == _labels.Count;
        var (p, r, f1) = binary ? ClassificationMetrics.Binary(_labels, _predicted) : ClassificationMetrics.Macro(_labels, _predicted);
        (metrics["precision"], metrics["recall"], metrics["f1"]) = (p, r, f1);
        if (binary) metrics["roc_auc"] = ClassificationMetrics.RocAuc(_labels, _scores);
        return metrics;
    }
}
