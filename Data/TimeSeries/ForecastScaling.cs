namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// How a forecaster's inputs and targets are scaled. Every column is first standardised with the mean and
/// (population) standard deviation of the training part, <c>z = (y − mean) / sd</c>; the modes differ in what the model
/// reads of the target column and what it forecasts. With o the origin (the last observed step) and h = 1..H:
/// </summary>
public enum ForecastScaling
{
    /// <summary>Inputs z[t], targets z[o + h]: the model forecasts the standardised level.</summary>
    Standard,
    /// <summary>
    /// Inputs z[t], targets z[o + h] − z[o]: the model forecasts the change from the last observed value (FPP3 9.1,
    /// differences), so that persistence is its starting point rather than something it must learn.
    /// </summary>
    Change,
    /// <summary>
    /// Target inputs z[t] − z[o] and targets z[o + h] − z[o] (covariates stay standardised, z[t]): the model sees the
    /// target only relative to its last observed value, so a trending series whose test part lies outside the training
    /// range still gives inputs of the range trained on (default).
    /// </summary>
    RelativeToLast,
}
