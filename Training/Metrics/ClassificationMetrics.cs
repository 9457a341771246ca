namespace RnnZoo.Training.Metrics;

/// <summary>Classification metrics from labels and predicted classes (and scores for ROC-AUC).</summary>
public static class ClassificationMetrics
{
    /// <summary>Share of correct predictions.</summary>
    public static double Accuracy(IReadOnlyList<long> labels, IReadOnlyList<long> predictions)
    {
        Check(labels, predictions);
        return labels.Count == 0 ? double.NaN : labels.Zip(predictions).Count(p => p.First == p.Second) / (double)labels.Count;
    }

    /// <summary>Precision, recall and F1 of class <paramref name="positive"/> (0 where undefined, as scikit-learn's zero_division=0).</summary>
    public static (double Precision, double Recall, double F1) Binary(IReadOnlyList<long> labels, IReadOnlyList<long> predictions, long positive = 1)
    {
        Check(labels, predictions);
        long tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var (actual, predicted) = (labels[i] == positive, predictions[i] == positive);
            if (actual && predicted) tp++;
            else if (predicted) fp++;
            else if (actual) fn++;
        }
        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (precision, recall, f1);
    }

    /// <summary>Unweighted mean over the classes present in labels or predictions of per-class precision, recall and F1.</summary>
    public static (double Precision, double Recall, double F1) Macro(IReadOnlyList<long> labels, IReadOnlyList<long> predictions)
    {
        var classes = labels.Concat(predictions).Distinct().ToList();
        if (classes.Count == 0) return (double.NaN, double.NaN, double.NaN);
        var per = classes.Select(c => Binary(labels, predictions, c)).ToList();
        return (per.Average(p => p.Precision), per.Average(p => p.Recall), per.Average(p => p.F1));
    }

    /// <summary>
    /// Area under the ROC curve for binary labels (1 positive) and scores: the probability that a random positive
    /// scores above a random negative, ties counting half (Mann-Whitney U). NaN when a class is absent.
    /// </summary>
    public static double RocAuc(IReadOnlyList<long> labels, IReadOnlyList<double> scores)
    {
        if (labels.Count != scores.Count) throw new ArgumentException($"scores: expected {labels.Count} values, got {scores.Count}.");
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => scores[i]).ToArray();
        // Average ranks (1-based) over ties.
        var ranks = new double[labels.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            var rank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = rank;
            i = j + 1;
        }
        long positives = labels.Count(l => l == 1), negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        var sumPositiveRanks = Enumerable.Range(0, labels.Count).Where(i => labels[i] == 1).Sum(i => ranks[i]);
        return (sumPositiveRanks - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    private static void Check(IReadOnlyList<long> labels, IReadOnlyList<long> predictions)
    {
        if (labels.Count != predictions.Count) throw new ArgumentException($"predictions: expected {labels.Count} values, got {predictions.Count}.");
    }
}
