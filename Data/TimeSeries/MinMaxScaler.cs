namespace RnnZoo.Data.TimeSeries;

/// <summary>Min-max scaling of the training range onto <c>[Min, Max]</c> (default [0, 1]):
/// <c>x' = (x - dataMin) / (dataMax - dataMin) * (Max - Min) + Min</c>.</summary>
public sealed class MinMaxScaler : AffineScaler
{
    /// <summary>Creates a scaler onto <c>[min, max]</c>.</summary>
    public MinMaxScaler(double min = 0, double max = 1)
    {
        if (!(max > min)) throw new ArgumentOutOfRangeException(nameof(max), max, $"The target range needs max > min (got [{min}, {max}]).");
        Min = min; Max = max;
    }

    /// <summary>Lower end of the target range.</summary>
    public double Min { get; }
    /// <summary>Upper end of the target range.</summary>
    public double Max { get; }

    /// <inheritdoc />
    protected override (double Offset, double Scale) FitColumn(ReadOnlySpan<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in values) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        double scale = (hi - lo) / (Max - Min);
        if (scale == 0) scale = 1;
        return (lo - Min * scale, scale);
    }
}
