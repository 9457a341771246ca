using MathNet.Numerics.Distributions;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// The spread of one quantity (a test metric, the wall time) over the runs of one setting, usually one run per seed:
/// the mean, the sample standard deviation (n − 1 in the denominator) and the 95% confidence interval of the mean from
/// Student's t distribution with n − 1 degrees of freedom, <c>mean ± t(0.975, n − 1) · s / √n</c>. With a handful of
/// seeds the normal approximation (± 1.96 s/√n) would be far too narrow: t(0.975, 4) = 2.776 for five seeds.
/// </summary>
/// <param name="Count">Runs (n).</param>
/// <param name="Mean">Their mean.</param>
/// <param name="StandardDeviation">Sample standard deviation, or null for one run.</param>
/// <param name="Low">Lower end of the 95% interval of the mean, or null for one run.</param>
/// <param name="High">Upper end of the 95% interval of the mean, or null for one run.</param>
/// <param name="T">The quantile t(0.975, n − 1) used, or null for one run.</param>
/// <param name="Values">The values, in the order given (seed order).</param>
public sealed record Spread(int Count, double Mean, double? StandardDeviation, double? Low, double? High, double? T, IReadOnlyList<double> Values)
{
    /// <summary>The confidence of the interval.</summary>
    public const double Confidence = 0.95;

    /// <summary>How the interval is computed, in words (for reports).</summary>
    public const string Method = "95% confidence interval of the mean, mean ± t(0.975, n−1)·s/√n (Student t, n−1 degrees of freedom; s the sample standard deviation)";

    /// <summary>The spread of <paramref name="values"/> (at least one).</summary>
    public static Spread Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("A spread needs at least one value; got none.", nameof(values));
        var n = values.Count;
        var mean = values.Sum() / n;
        if (n == 1) return new Spread(1, mean, null, null, null, null, values.ToArray());
        // Two passes: the squares of deviations from the mean, not E[x²] − E[x]², which cancels badly for close values.
        var deviation = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var t = StudentTQuantile(1 - (1 - Confidence) / 2, n - 1);
        var half = t * deviation / Math.Sqrt(n);
        return new Spread(n, mean, deviation, mean - half, mean + half, t, values.ToArray());
    }

    /// <summary>
    /// The quantile of Student's t distribution: the t with P(T ≤ t) = <paramref name="probability"/> for
    /// <paramref name="degreesOfFreedom"/> degrees of freedom. Found by bisection on MathNet's cumulative distribution (an
    /// explicit regularised incomplete beta), to 1e-12; MathNet's own InvCDF says of itself that it is not reliable.
    /// </summary>
    public static double StudentTQuantile(double probability, int degreesOfFreedom)
    {
        if (!(probability > 0 && probability < 1)) throw new ArgumentOutOfRangeException(nameof(probability), probability, "A probability in (0, 1) is needed.");
        if (degreesOfFreedom < 1) throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "At least one degree of freedom is needed.");
        if (probability < 0.5) return -StudentTQuantile(1 - probability, degreesOfFreedom);
        double low = 0, high = 1;
        while (StudentT.CDF(0, 1, degreesOfFreedom, high) < probability) high *= 2;
        for (var i = 0; i < 200 && high - low > 1e-12 * Math.Max(1, high); i++)
        {
            var middle = (low + high) / 2;
            if (StudentT.CDF(0, 1, degreesOfFreedom, middle) < probability) low = middle;
            else high = middle;
        }
        return (low + high) / 2;
    }
}
