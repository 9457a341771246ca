namespace RnnZoo.Data.Sequences;

/// <summary>Summary of sequence lengths.</summary>
public sealed record LengthStatistics(int Count, double Mean, double Median, double Percentile90, int Max, double ShareLongerThanMaxLen, int? MaxLen)
{
    /// <summary>Computes the statistics (percentiles by linear interpolation, as numpy's default).</summary>
    public static LengthStatistics Of(IEnumerable<int> lengths, int? maxLen = null)
    {
        var sorted = lengths.OrderBy(l => l).ToArray();
        if (sorted.Length == 0) return new LengthStatistics(0, 0, 0, 0, 0, 0, maxLen);
        double Percentile(double p)
        {
            var position = p * (sorted.Length - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, sorted.Length - 1);
            return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
        }
        var longer = maxLen is { } m ? sorted.Count(l => l > m) / (double)sorted.Length : 0;
        return new LengthStatistics(sorted.Length, sorted.Average(), Percentile(0.5), Percentile(0.9), sorted[^1], longer, maxLen);
    }
}
