using static TorchSharp.torch;

namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// A per-column affine scaler: <c>x' = (x - Offset[c]) / Scale[c]</c>, inverted by <c>x = x' * Scale[c] + Offset[c]</c>,
/// so model outputs can be reported in the series' own units. Fit it on the training part only.
/// </summary>
public abstract class AffineScaler
{
    private double[]? _offset, _scale;

    /// <summary>Per-column offsets (after <see cref="Fit(IReadOnlyList{double[]})"/>).</summary>
    public IReadOnlyList<double> Offset => _offset ?? throw NotFitted();
    /// <summary>Per-column scales (never 0).</summary>
    public IReadOnlyList<double> Scale => _scale ?? throw NotFitted();
    /// <summary>Whether the scaler has been fitted.</summary>
    public bool IsFitted => _offset is not null;
    /// <summary>Number of columns fitted.</summary>
    public int ColumnCount => _offset?.Length ?? 0;

    /// <summary>Computes offset and scale of one column from its training values.</summary>
    protected abstract (double Offset, double Scale) FitColumn(ReadOnlySpan<double> values);

    /// <summary>Fits one parameter pair per column on the given (training) values.</summary>
    public AffineScaler Fit(IReadOnlyList<double[]> columns)
    {
        if (columns.Count == 0) throw new ArgumentException("Nothing to fit: no columns.", nameof(columns));
        var offset = new double[columns.Count];
        var scale = new double[columns.Count];
        for (int c = 0; c < columns.Count; c++)
        {
            if (columns[c].Length == 0) throw new ArgumentException($"Column {c} has no values to fit on.", nameof(columns));
            if (columns[c].Any(v => !double.IsFinite(v))) throw new ArgumentException($"Column {c} holds NaN or infinity.", nameof(columns));
            (offset[c], scale[c]) = FitColumn(columns[c]);
            // A constant column gets scale 1 (as scikit-learn does) instead of a division by zero.
            if (scale[c] == 0 || !double.IsFinite(scale[c])) scale[c] = 1;
        }
        _offset = offset; _scale = scale;
        return this;
    }

    /// <summary>
    /// A scaler with saved parameters (e.g. a trained model's, read back from disk), so that new data is scaled exactly
    /// as the training data was. It cannot be fitted again.
    /// </summary>
    /// <exception cref="ArgumentException">No columns, counts that differ, or a scale that is 0 or not finite.</exception>
    public static AffineScaler FromParameters(IReadOnlyList<double> offset, IReadOnlyList<double> scale)
    {
        ArgumentNullException.ThrowIfNull(offset);
        ArgumentNullException.ThrowIfNull(scale);
        if (offset.Count == 0 || offset.Count != scale.Count)
            throw new ArgumentException($"Expected one offset and one scale per column, got {offset.Count} and {scale.Count}.", nameof(scale));
        if (scale.Any(s => s == 0 || !double.IsFinite(s)) || offset.Any(o => !double.IsFinite(o)))
            throw new ArgumentException("Offsets must be finite and scales finite and non-zero.", nameof(scale));
        return new SavedScaler { _offset = offset.ToArray(), _scale = scale.ToArray() };
    }

    private sealed class SavedScaler : AffineScaler
    {
        protected override (double Offset, double Scale) FitColumn(ReadOnlySpan<double> values) =>
            throw new InvalidOperationException("A scaler made from saved parameters is not fitted again.");
    }

    /// <summary>Fits a single column.</summary>
    public AffineScaler Fit(double[] values) => Fit([values]);

    /// <summary>Scales <paramref name="values"/> with the parameters of column <paramref name="column"/>; returns a new array.</summary>
    public double[] Transform(double[] values, int column = 0)
    {
        var (o, s) = Params(column);
        return values.Select(v => (v - o) / s).ToArray();
    }

    /// <summary>Maps scaled values back to the units of column <paramref name="column"/>; returns a new array.</summary>
    public double[] InverseTransform(double[] values, int column = 0)
    {
        var (o, s) = Params(column);
        return values.Select(v => v * s + o).ToArray();
    }

    /// <summary>Scales every column (one fitted pair each).</summary>
    public double[][] Transform(IReadOnlyList<double[]> columns)
    {
        CheckColumns(columns.Count);
        return columns.Select((c, i) => Transform(c, i)).ToArray();
    }

    /// <summary>Maps every column back to its own units.</summary>
    public double[][] InverseTransform(IReadOnlyList<double[]> columns)
    {
        CheckColumns(columns.Count);
        return columns.Select((c, i) => InverseTransform(c, i)).ToArray();
    }

    /// <summary>Maps a tensor of scaled values of column <paramref name="column"/> (any shape, e.g. predictions
    /// <c>[N, Horizon]</c>) back to its units. The result belongs to the current DisposeScope.</summary>
    public Tensor InverseTransform(Tensor values, int column = 0)
    {
        var (o, s) = Params(column);
        return values * s + o;
    }

    private (double Offset, double Scale) Params(int column)
    {
        if (_offset is null || _scale is null) throw NotFitted();
        if (column < 0 || column >= _offset.Length) throw new ArgumentOutOfRangeException(nameof(column), column, $"The scaler was fitted on {_offset.Length} column(s).");
        return (_offset[column], _scale[column]);
    }

    private void CheckColumns(int count)
    {
        if (!IsFitted) throw NotFitted();
        if (count != ColumnCount) throw new ArgumentException($"Expected {ColumnCount} columns as fitted, got {count}.");
    }

    private InvalidOperationException NotFitted() => new($"{GetType().Name} is not fitted: call Fit on the training part first.");
}
