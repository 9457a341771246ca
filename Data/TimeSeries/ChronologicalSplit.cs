namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// Contiguous train / validation / test ranges of a series, in time order (never shuffled across time):
/// train <c>[0, floor(T * train))</c>, validation up to <c>floor(T * (train + validation))</c>, test the rest.
/// </summary>
/// <param name="Train">Steps of the training part.</param>
/// <param name="Validation">Steps of the validation part (may be empty when its fraction is 0).</param>
/// <param name="Test">Steps of the test part (may be empty when train + validation = 1).</param>
public sealed record ChronologicalSplit(Range Train, Range Validation, Range Test)
{
    /// <summary>Splits a series of <paramref name="length"/> steps.</summary>
    public static ChronologicalSplit Create(int length, double trainFraction, double validationFraction)
    {
        if (!(trainFraction > 0 && trainFraction <= 1)) throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "The train fraction must be in (0, 1].");
        if (!(validationFraction >= 0 && trainFraction + validationFraction <= 1 + 1e-12))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, $"Validation fraction must be >= 0 and train + validation <= 1 (got {trainFraction} + {validationFraction}).");
        int a = (int)Math.Floor(length * trainFraction);
        int b = Math.Min(length, (int)Math.Floor(length * (trainFraction + validationFraction) + 1e-9));
        if (a == 0) throw new ArgumentOutOfRangeException(nameof(trainFraction), $"A train fraction of {trainFraction} of {length} steps leaves the training part empty.");
        return new ChronologicalSplit(0..a, a..b, b..length);
    }

    /// <summary>The part of <paramref name="values"/> in <paramref name="range"/> (a copy).</summary>
    public static double[] Slice(double[] values, Range range) => values[range];
}
