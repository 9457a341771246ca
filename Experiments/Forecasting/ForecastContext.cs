using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Experiments.Forecasting;

/// <summary>What the forecast evaluation needs besides the model: the raw series, the split and the scaling.</summary>
/// <param name="Spec">The data spec.</param>
/// <param name="Target">The target in its own units.</param>
/// <param name="Dates">Dates of the rows.</param>
/// <param name="Features">Model inputs <c>[F][T]</c>: the scaled CSV columns, the target first, then the calendar features when asked.</param>
/// <param name="TrainEnd">Rows [0, TrainEnd) train.</param>
/// <param name="TestStart">Rows [TestStart, T) test.</param>
/// <param name="Scaler">Fitted on the training rows; column 0 is the target.</param>
public sealed record ForecastContext(Registry.ForecastData Spec, double[] Target, DateTime[] Dates, double[][] Features, int TrainEnd, int TestStart, AffineScaler Scaler);
