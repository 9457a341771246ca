using System.Diagnostics;
using RnnZoo.Data.Batching;
using RnnZoo.Models;
using RnnZoo.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Inference;

/// <summary>What an evaluation measured.</summary>
/// <param name="Loss">Mean loss over the samples.</param>
/// <param name="Metrics">Every metric's values by name.</param>
/// <param name="Samples">Samples evaluated.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record Evaluation(double Loss, IReadOnlyDictionary<string, double> Metrics, long Samples, double Seconds)
{
    /// <summary>Loss and metrics.</summary>
    public void Deconstruct(out double loss, out IReadOnlyDictionary<string, double> metrics) => (loss, metrics) = (Loss, Metrics);
}

/// <summary>
/// Mean loss and metrics of a model on a batch source, without gradients, in eval mode; no optimizer involved
/// (what <c>rnnzoo eval</c>, the validation of every epoch and the test of a run use).
/// </summary>
public sealed class Evaluator
{
    private readonly SequenceModel _model;
    private readonly Loss _loss;
    private readonly IReadOnlyList<Metric> _metrics;
    private readonly Device? _device;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="model">The model (its device is <paramref name="device"/>, CPU by default).</param>
    /// <param name="loss">The loss; its evaluation metrics are used unless <paramref name="metrics"/> are given.</param>
    /// <param name="metrics">The metrics to compute (accumulators; reset at every evaluation).</param>
    /// <param name="device">Where the model is.</param>
    public Evaluator(SequenceModel model, Loss loss, IReadOnlyList<Metric>? metrics = null, Device? device = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _loss = loss ?? throw new ArgumentNullException(nameof(loss));
        _metrics = metrics ?? loss.EvaluationMetrics();
        _device = device is { type: DeviceType.CPU } ? null : device;
    }

    /// <summary>Evaluates on every batch of <paramref name="source"/>.</summary>
    /// <exception cref="InvalidOperationException">The source gives no batch.</exception>
    public Evaluation Evaluate(IBatchSource source)
    {
        var watch = Stopwatch.StartNew();
        foreach (var metric in _metrics) metric.Reset();
        double lossSum = 0;
        long samples = 0;
        using var noGrad = no_grad();
        foreach (var (batch, prediction) in Predictor.Outputs(_model, source, _device))
        {
            var targets = _device is null ? batch.Targets : batch.Targets.to(_device);
            lossSum += _loss.Compute(prediction, targets).item<float>() * batch.Size;
            samples += batch.Size;
            foreach (var metric in _metrics) metric.Update(prediction, targets);
        }
        if (samples == 0) throw new InvalidOperationException("The evaluation data gave no batch.");
        var values = new Dictionary<string, double>();
        foreach (var metric in _metrics)
            foreach (var (name, value) in metric.Compute()) values[name] = value;
        return new Evaluation(lossSum / samples, values, samples, watch.Elapsed.TotalSeconds);
    }
}
