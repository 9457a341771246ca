namespace RnnZoo.Data.TimeSeries;

/// <summary>Train / validation / test ranges in time order: the past trains, the future tests; nothing is shuffled across time.</summary>
/// <param name="TrainEnd">Rows [0, TrainEnd) train.</param>
/// <param name="ValidationEnd">Rows [TrainEnd, ValidationEnd) validate; [ValidationEnd, Length) test.</param>
/// <param name="Length">Rows in all.</param>
public sealed record ChronologicalSplit(int TrainEnd, int ValidationEnd, int Length)
{
    /// <summary>Splits <paramref name="length"/> rows: the last <paramref name="testFraction"/> tests, the <paramref name="validationFraction"/> before it validates.</summary>
    public static ChronologicalSplit Of(int length, double validationFraction, double testFraction)
    {
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1)
            throw new ArgumentOutOfRangeException(nameof(testFraction), $"validation ({validationFraction}) and test ({testFraction}) fractions must be non-negative with a sum below 1.");
        var testStart = length - (int)Math.Round(length * testFraction);
        var validationStart = testStart - (int)Math.Round(length * validationFraction);
        if (validationStart <= 0) throw new ArgumentException($"{length} rows leave no training part with these fractions.");
        return new ChronologicalSplit(validationStart, testStart, length);
    }

    /// <summary>Rows in the training part.</summary>
    public int TrainLength => TrainEnd;
    /// <summary>Rows in the validation part.</summary>
    public int ValidationLength => ValidationEnd - TrainEnd;
    /// <summary>Rows in the test part.</summary>
    public int TestLength => Length - ValidationEnd;
}
