using RnnZoo.Data.Batching;
using static TorchSharp.torch;

namespace RnnZoo.Data.TimeSeries;

/// <summary>Windows cut from a series, as float32 tensors that belong to the DisposeScope current when they were made.</summary>
/// <param name="Inputs"><c>[N, Lookback, Features]</c> float32.</param>
/// <param name="Targets"><c>[N, Horizon]</c> (many-to-one) or <c>[N, Lookback, Horizon]</c> (many-to-many) float32.</param>
/// <param name="Starts">Start step of each window in the series it was cut from, <c>[N]</c>.</param>
/// <param name="Options">Layout used.</param>
public sealed record WindowedSeries(Tensor Inputs, Tensor Targets, int[] Starts, WindowOptions Options)
{
    /// <summary>Number of windows N.</summary>
    public long Count => Inputs.shape[0];

    /// <summary>The windows as one batch (no lengths: every window is full length).</summary>
    public Batch ToBatch() => new(Inputs, Targets);
}
