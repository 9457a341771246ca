using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Metrics;

/// <summary>MAE and RMSE over every predicted value of the pass, in the model's units (<see cref="RegressionMetrics"/>).</summary>
public sealed class RegressionMetric : Metric
{
    private readonly List<double> _actual = new(), _estimates = new();

    /// <inheritdoc />
    public override void Reset() { _actual.Clear(); _estimates.Clear(); }

    /// <inheritdoc />
    public override void Update(Tensor prediction, Tensor target)
    {
        using var scope = NewDisposeScope();
        _actual.AddRange(target.flatten().cpu().to(ScalarType.Float64).data<double>().ToArray());
        _estimates.AddRange(prediction.flatten().cpu().to(ScalarType.Float64).data<double>().ToArray());
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> Compute() => _actual.Count == 0
        ? new Dictionary<string, double>()
        : new Dictionary<string, double> { ["mae"] = RegressionMetrics.Mae(_actual, _estimates), ["rmse"] = RegressionMetrics.Rmse(_actual, _estimates) };
}
