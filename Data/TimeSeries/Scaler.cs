namespace RnnZoo.Data.TimeSeries;

/// <summary>How values are scaled before training.</summary>
public enum ScalingKind
{
    /// <summary>(x − mean) / standard deviation.</summary>
    Standard,
    /// <summary>(x − min) / (max − min), to [0, 1].</summary>
    MinMax,
}

/// <summary>
/// Per-column scaling fitted on the training part only (no look into validation or test), invertible so
/// that forecasts are reported in the series' own units.
/// </summary>
public sealed class Scaler
{
    private Scaler(ScalingKind kind, double[] offset, double[] scale) { Kind = kind; Offset = offset; Scale = scale; }

    /// <summary>Standard or min-max.</summary>
    public ScalingKind Kind { get; }
    /// <summary>Per column: mean or min.</summary>
    public double[] Offset { get; }
    /// <summary>Per column: standard deviation or range (1 where it is 0, so a constant column maps to 0).</summary>
    public double[] Scale { get; }

    /// <summary>Fits on the first <paramref name="trainRows"/> rows of <paramref name="matrix"/> (<c>[time, F]</c> row-major).</summary>
    public static Scaler Fit(float[] matrix, int featureCount, int trainRows, ScalingKind kind = ScalingKind.Standard)
    {
        if (trainRows <= 0 || (long)trainRows * featureCount > matrix.Length)
            throw new ArgumentOutOfRangeException(nameof(trainRows), trainRows, $"trainRows must be in [1, {matrix.Length / featureCount}].");
        var offset = new double[featureCount];
        var scale = new double[featureCount];
        for (var f = 0; f < featureCount; f++)
        {
            var column = Enumerable.Range(0, trainRows).Select(t => (double)matrix[t * featureCount + f]).ToArray();
            if (kind == ScalingKind.Standard)
            {
                var mean = column.Average();
                var sd = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
                (offset[f], scale[f]) = (mean, sd > 0 ? sd : 1);
            }
            else
            {
                var (min, max) = (column.Min(), column.Max());
                (offset[f], scale[f]) = (min, max > min ? max - min : 1);
            }
        }
        return new Scaler(kind, offset, scale);
    }

    /// <summary>Scales a <c>[time, F]</c> row-major matrix.</summary>
    public float[] Transform(float[] matrix) =>
        matrix.Select((v, i) => (float)((v - Offset[i % Offset.Length]) / Scale[i % Offset.Length])).ToArray();

    /// <summary>Undoes <see cref="Transform"/> for a <c>[time, F]</c> row-major matrix.</summary>
    public float[] InverseTransform(float[] matrix) =>
        matrix.Select((v, i) => (float)(v * Scale[i % Offset.Length] + Offset[i % Offset.Length])).ToArray();

    /// <summary>Undoes the scaling of values of one column (e.g. forecasts of the target).</summary>
    public double[] InverseTransform(IEnumerable<double> values, int column) =>
        values.Select(v => v * Scale[column] + Offset[column]).ToArray();
}
