using RnnZoo.Data.Batching;
using RnnZoo.Models;
using RnnZoo.Training;
using RnnZoo.Training.Inference;
using RnnZoo.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Training.Inference;

[TestFixture]
public class EvaluatorTests
{
    /// <summary>A model whose logits are its input's first step: [B, 1, C] -> [B, C].</summary>
    private sealed class PassThrough() : SequenceModel(nameof(PassThrough))
    {
        public override Tensor forward(Tensor inputs, Tensor? lengths) => inputs[.., 0, ..];
    }

    [Test]
    public void ClassificationMetrics_OverBatches_AsWorkedByHand()
    {
        using var scope = NewDisposeScope();
        // Logits favour class 1 for samples 0, 1, 3; labels 1, 0, 0, 1 -> predictions 1, 1, 0, 1: accuracy 3/4,
        // class-1 precision 2/3, recall 2/2, F1 0.8. Scores p(1) = σ(l1 − l0): 0.88, 0.73, 0.27, 0.95; ROC-AUC: both
        // positives (0.88, 0.95) above both negatives (0.73, 0.27) -> 1.
        var logits = tensor(new float[] { 0, 2, 0, 1, 1, 0, 0, 3 }).view(4, 1, 2);
        var labels = tensor(new long[] { 1, 0, 0, 1 });
        var source = new TensorBatchLoader(logits, labels, null, new BatchLoaderOptions(3, Shuffle: false)); // batches of 3 and 1
        var evaluation = new Evaluator(new PassThrough(), Loss.From(LossKind.CrossEntropy)).Evaluate(source);
        Assert.That(evaluation.Samples, Is.EqualTo(4));
        Assert.That(evaluation.Metrics["accuracy"], Is.EqualTo(0.75));
        Assert.That(evaluation.Metrics["precision"], Is.EqualTo(2 / 3.0).Within(1e-12));
        Assert.That(evaluation.Metrics["recall"], Is.EqualTo(1.0));
        Assert.That(evaluation.Metrics["f1"], Is.EqualTo(0.8).Within(1e-12));
        Assert.That(evaluation.Metrics["roc_auc"], Is.EqualTo(1.0));
        // Mean cross-entropy: −log softmax of the label's logit, averaged over the 4 samples.
        double Ce(double a, double b, int label) => -(label == 1 ? b : a) + Math.Log(Math.Exp(a) + Math.Exp(b));
        var expected = (Ce(0, 2, 1) + Ce(0, 1, 0) + Ce(1, 0, 0) + Ce(0, 3, 1)) / 4;
        Assert.That(evaluation.Loss, Is.EqualTo(expected).Within(1e-6));
    }

    [Test]
    public void CustomMetrics_ReplaceTheLossDefaults()
    {
        using var scope = NewDisposeScope();
        var source = new TensorBatchLoader(tensor(new float[] { 1, 2, 3, 5 }).view(4, 1, 1), tensor(new float[] { 1, 1, 1, 1 }).view(4, 1), null,
            new BatchLoaderOptions(2, Shuffle: false));
        var evaluation = new Evaluator(new PassThrough(), Loss.From(LossKind.Mse), [new RegressionMetric()]).Evaluate(source);
        // Errors 0, 1, 2, 4: MSE 21/4, MAE 7/4, RMSE sqrt(21/4).
        Assert.That(evaluation.Loss, Is.EqualTo(21 / 4.0).Within(1e-6));
        Assert.That(evaluation.Metrics["mae"], Is.EqualTo(1.75).Within(1e-9));
        Assert.That(evaluation.Metrics["rmse"], Is.EqualTo(Math.Sqrt(21 / 4.0)).Within(1e-9));
        Assert.That(() => new Evaluator(new PassThrough(), Loss.From(LossKind.Mse)).Evaluate(new EmptySource()), Throws.InvalidOperationException);
    }

    [Test]
    public void Predictor_GivesTheForwardPassInBatches_WithoutGradients()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var model = TrainingFixtures.SumClassifier();
        var x = randn(10, 8, 3);
        var lengths = tensor(new long[] { 8, 7, 6, 5, 4, 3, 2, 1, 8, 8 });
        var predicted = Predictor.Predict(model, x, lengths, batchSize: 3);
        Tensor expected;
        using (no_grad()) expected = model.forward(x, lengths);
        Assert.That(predicted.requires_grad, Is.False);
        RnnZoo.Tests.Support.TensorAssert.Close(predicted, expected, 1e-6, "batched predictions");
    }

    private sealed class EmptySource : IBatchSource
    {
        public long SampleCount => 0;
        public int BatchCount => 0;
        public IEnumerable<Batch> GetBatches(int epoch) => [];
    }
}
