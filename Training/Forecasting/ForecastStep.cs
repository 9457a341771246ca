namespace RnnZoo.Training.Forecasting;

/// <summary>One step of a forecast past the end of a series.</summary>
/// <param name="Ahead">How many steps after the last observed one (1 = the next).</param>
/// <param name="Date">Its date at the series' frequency, when the series has dates.</param>
/// <param name="Value">The forecast, in the target's units.</param>
public sealed record ForecastStep(int Ahead, DateTime? Date, double Value);
