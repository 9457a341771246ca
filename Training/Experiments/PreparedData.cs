using RnnZoo.Data.Batching;
using RnnZoo.Data.Text;
using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Training.Experiments;

/// <summary>An experiment's data, ready for the harness.</summary>
/// <param name="Train">Training batches (shuffled by the run's seed).</param>
/// <param name="Validation">Validation batches.</param>
/// <param name="Test">Test batches, read once at the end.</param>
/// <param name="Description">A line about the data (sizes, source).</param>
/// <param name="Forecast">For forecasting experiments: what the evaluation against baselines needs.</param>
/// <param name="Encoder">For text experiments: how text becomes ids (saved in the run folder as vocabulary.json).</param>
/// <param name="Labels">For text experiments: the class names, class k is Labels[k] (saved as labels.json).</param>
/// <param name="Notes">What the user should know (documents skipped, ...).</param>
public sealed record PreparedData(IBatchSource Train, IBatchSource Validation, IBatchSource Test, string Description,
    ForecastSeries? Forecast = null, TextEncoder? Encoder = null, IReadOnlyList<string>? Labels = null, IReadOnlyList<string>? Notes = null);
