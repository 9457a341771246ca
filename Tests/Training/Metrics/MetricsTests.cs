using RnnZoo.Training.Metrics;

namespace RnnZoo.Tests.Training.Metrics;

/// <summary>Each metric against values worked by hand.</summary>
[TestFixture]
public class MetricsTests
{
    // labels      1 1 1 0 0 0 0 1
    // predictions 1 0 1 0 1 0 0 1
    // TP 3 (idx 0, 2, 7), FN 1 (idx 1), FP 1 (idx 4), TN 3
    private static readonly long[] Labels = { 1, 1, 1, 0, 0, 0, 0, 1 };
    private static readonly long[] Predictions = { 1, 0, 1, 0, 1, 0, 0, 1 };

    [Test]
    public void Binary_AccuracyPrecisionRecallF1()
    {
        Assert.That(ClassificationMetrics.Accuracy(Labels, Predictions), Is.EqualTo(6 / 8.0));
        var (p, r, f1) = ClassificationMetrics.Binary(Labels, Predictions);
        Assert.That(p, Is.EqualTo(3 / 4.0));   // TP / (TP + FP)
        Assert.That(r, Is.EqualTo(3 / 4.0));   // TP / (TP + FN)
        Assert.That(f1, Is.EqualTo(0.75));     // 2pr / (p + r)
    }

    [Test]
    public void Macro_AveragesPerClass()
    {
        // labels 0 0 1 1 2 2, predictions 0 1 1 1 2 0
        // class 0: P 1/2, R 1/2; class 1: P 2/3, R 1; class 2: P 1, R 1/2
        // F1: 0.5, 0.8, 2/3 -> macro (0.5 + 0.8 + 0.6667) / 3 = 0.65556
        var (p, r, f1) = ClassificationMetrics.Macro(new long[] { 0, 0, 1, 1, 2, 2 }, new long[] { 0, 1, 1, 1, 2, 0 });
        Assert.That(p, Is.EqualTo((0.5 + 2 / 3.0 + 1) / 3).Within(1e-12));
        Assert.That(r, Is.EqualTo((0.5 + 1 + 0.5) / 3).Within(1e-12));
        Assert.That(f1, Is.EqualTo((0.5 + 0.8 + 2 / 3.0) / 3).Within(1e-12));
    }

    [Test]
    public void RocAuc_CountsPairsAndHalfTies()
    {
        // positives scored 0.8, 0.4; negatives 0.4, 0.1: pairs (pos > neg): (0.8,0.4) (0.8,0.1) (0.4,0.1) = 3, tie (0.4,0.4) = 0.5
        // AUC = 3.5 / (2 × 2) = 0.875
        Assert.That(ClassificationMetrics.RocAuc(new long[] { 1, 0, 1, 0 }, new[] { 0.8, 0.4, 0.4, 0.1 }), Is.EqualTo(0.875));
        Assert.That(ClassificationMetrics.RocAuc(new long[] { 1, 1 }, new[] { 0.2, 0.3 }), Is.NaN);
    }

    [Test]
    public void Regression_MaeRmseMapeSmape()
    {
        double[] actual = { 2, 4, 5, 8 }, predicted = { 3, 4, 3, 10 };
        // errors 1, 0, 2, 2
        Assert.That(RegressionMetrics.Mae(actual, predicted), Is.EqualTo(1.25));
        Assert.That(RegressionMetrics.Rmse(actual, predicted), Is.EqualTo(Math.Sqrt(9 / 4.0)));
        Assert.That(RegressionMetrics.Mape(actual, predicted), Is.EqualTo(100 * (0.5 + 0 + 0.4 + 0.25) / 4).Within(1e-12));
        Assert.That(RegressionMetrics.Smape(actual, predicted), Is.EqualTo(100 * (2 / 5.0 + 0 + 4 / 8.0 + 4 / 18.0) / 4).Within(1e-12));
        Assert.That(RegressionMetrics.Mape(new double[] { 0, 1 }, new double[] { 1, 1 }), Is.NaN);
    }

    [Test]
    public void Mase_AgainstNaiveAndSeasonalNaive()
    {
        double[] training = { 1, 3, 2, 4, 3, 5 };
        // naive (m = 1): |3−1| |2−3| |4−2| |3−4| |5−3| = 2 1 2 1 2 -> mean 1.6
        // seasonal naive (m = 2): |2−1| |4−3| |3−2| |5−4| = 1 1 1 1 -> mean 1
        Assert.That(RegressionMetrics.NaiveScale(training), Is.EqualTo(1.6).Within(1e-12));
        Assert.That(RegressionMetrics.NaiveScale(training, 2), Is.EqualTo(1.0));
        double[] actual = { 6, 4 }, predicted = { 5, 5 }; // MAE 1
        Assert.That(RegressionMetrics.Mase(actual, predicted, training), Is.EqualTo(1 / 1.6).Within(1e-12));
        Assert.That(RegressionMetrics.Mase(actual, predicted, training, season: 2), Is.EqualTo(1.0));
    }
}
