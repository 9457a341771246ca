using RnnZoo.Data.Batching;

namespace RnnZoo.Experiments.Running;

/// <summary>An experiment's data, ready for the harness.</summary>
/// <param name="Train">Training batches (shuffled by the run's seed).</param>
/// <param name="Validation">Validation batches.</param>
/// <param name="Test">Test batches, read once at the end.</param>
/// <param name="Description">A line about the data (sizes, source).</param>
/// <param name="Forecast">For forecasting experiments: what the evaluation against baselines needs.</param>
public sealed record PreparedData(IBatchSource Train, IBatchSource Validation, IBatchSource Test, string Description,
    RnnZoo.Data.TimeSeries.ForecastSeries? Forecast = null);
