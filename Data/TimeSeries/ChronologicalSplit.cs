namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// Contiguous train / validation / test parts of a series of <c>Length</c> steps, in time order (never shuffled across
/// time): train <c>[0, TrainEnd)</c>, validation <c>[TrainEnd, TestStart)</c>, test <c>[TestStart, Length)</c>.
/// </summary>
/// <param name="Length">Steps in the series.</param>
/// <param name="TrainEnd">First step after the training part.</param>
/// <param name="TestStart">First step of the test part.</param>
public sealed record ChronologicalSplit(int Length, int TrainEnd, int TestStart)
{
    /// <summary>Steps of the training part.</summary>
    public Range Train => 0..TrainEnd;
    /// <summary>Steps of the validation part (empty when its fraction is 0).</summary>
    public Range Validation => TrainEnd..TestStart;
    /// <summary>Steps of the test part.</summary>
    public Range Test => TestStart..Length;

    /// <summary>
    /// The last <c>round(Length × testFraction)</c> steps test, the <c>round(Length × validationFraction)</c> before them
    /// validate (rounding half to even), the rest trains.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A fraction outside [0, 1), no test step, or no training step left.</exception>
    public static ChronologicalSplit FromFractions(int length, double validationFraction, double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1)) throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        if (!(validationFraction >= 0 && validationFraction + testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, $"The validation fraction must be >= 0 and validation + test < 1 (got {validationFraction} + {testFraction}).");
        var testStart = length - (int)Math.Round(length * testFraction);
        var trainEnd = testStart - (int)Math.Round(length * validationFraction);
        if (testStart >= length) throw new ArgumentOutOfRangeException(nameof(testFraction), $"A test fraction of {testFraction} of {length} steps leaves the test part empty.");
        if (trainEnd <= 0) throw new ArgumentOutOfRangeException(nameof(validationFraction), $"Validation {validationFraction} and test {testFraction} of {length} steps leave the training part empty.");
        return new ChronologicalSplit(length, trainEnd, testStart);
    }
}
