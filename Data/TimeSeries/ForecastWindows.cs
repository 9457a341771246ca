using RnnZoo.Data.Batching;
using static TorchSharp.torch;

namespace RnnZoo.Data.TimeSeries;

/// <summary>Forecast windows at given origins, as float32 tensors that belong to the DisposeScope current when they were made.</summary>
/// <param name="Inputs"><c>[N, Lookback, InputSize]</c>: window n reads steps <c>Origins[n] − Lookback + 1 .. Origins[n]</c>.</param>
/// <param name="Targets"><c>[N, Horizon, 1]</c>: the scaled target at <c>Origins[n] + 1 .. Origins[n] + Horizon</c> (see
/// <see cref="ForecastScaling"/>); NaN where the step lies after the end of the series (the future is unknown).</param>
/// <param name="Origins">The origin (last observed step) of each window, <c>[N]</c>.</param>
public sealed record ForecastWindows(Tensor Inputs, Tensor Targets, IReadOnlyList<int> Origins)
{
    /// <summary>Number of windows N.</summary>
    public int Count => Origins.Count;

    /// <summary>The windows as one batch (no lengths: every window is full length).</summary>
    public Batch ToBatch() => new(Inputs, Targets);
}
