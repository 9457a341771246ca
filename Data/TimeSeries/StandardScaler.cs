namespace RnnZoo.Data.TimeSeries;

/// <summary>Standardisation <c>(x - mean) / std</c> with the population standard deviation (ddof = 0, as scikit-learn).</summary>
public sealed class StandardScaler : AffineScaler
{
    /// <inheritdoc />
    protected override (double Offset, double Scale) FitColumn(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (var v in values) mean += v;
        mean /= values.Length;
        double ss = 0;
        foreach (var v in values) ss += (v - mean) * (v - mean);
        return (mean, Math.Sqrt(ss / values.Length));
    }
}
