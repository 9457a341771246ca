namespace RnnZoo.Training.Forecasting;

/// <summary>Accuracy of one method at one horizon over the rolling origins of the test part, in the series' units.</summary>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mase">Mean absolute scaled error: MAE over <see cref="Metrics.RegressionMetrics.NaiveScale"/> of everything before the test part.</param>
/// <param name="Forecasts">How many forecasts were scored.</param>
public sealed record ForecastAccuracy(double Mae, double Rmse, double Mase, int Forecasts);
