using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace RnnZoo.Training.Forecasting;

/// <summary>
/// Additive Holt-Winters (FPP3 8.3): level ℓ, trend b, season s with period m.
/// <code>
/// ℓ_t = α (y_t − s_{t−m}) + (1 − α)(ℓ_{t−1} + b_{t−1})
/// b_t = β (ℓ_t − ℓ_{t−1}) + (1 − β) b_{t−1}
/// s_t = γ (y_t − ℓ_{t−1} − b_{t−1}) + (1 − γ) s_{t−m}
/// ŷ_{t+h|t} = ℓ_t + h b_t + s_{t+h−m(k+1)},  k = ⌊(h − 1)/m⌋
/// </code>
/// α, β, γ are fitted by minimising the in-sample one-step squared error on the training part with
/// MathNet's Nelder-Mead simplex (parameters kept in (0, 1) through a logistic map).
/// </summary>
public sealed class HoltWinters
{
    private readonly double[] _level, _trend, _season;
    private readonly int _m;

    private HoltWinters(double alpha, double beta, double gamma, int m, double[] level, double[] trend, double[] season)
    {
        (Alpha, Beta, Gamma, _m, _level, _trend, _season) = (alpha, beta, gamma, m, level, trend, season);
    }

    /// <summary>Smoothing parameters.</summary>
    public double Alpha { get; }
    /// <summary>Trend smoothing.</summary>
    public double Beta { get; }
    /// <summary>Seasonal smoothing.</summary>
    public double Gamma { get; }

    /// <summary>Fits α, β, γ on <c>y[0..trainEnd)</c>, then runs the recursion over all of <paramref name="y"/> (the state at t uses y up to t only).</summary>
    public static HoltWinters Fit(double[] y, int trainEnd, int m)
    {
        if (m < 1 || trainEnd < 2 * m + 1) throw new ArgumentException($"Holt-Winters needs at least two seasons ({2 * m}) plus one point of training data, got {trainEnd}.");
        static double Logistic(double v) => 1 / (1 + Math.Exp(-v));
        double Sse(Vector<double> p)
        {
            var (a, b, g) = (Logistic(p[0]), Logistic(p[1]), Logistic(p[2]));
            var model = Run(y, trainEnd, m, a, b, g);
            double sse = 0;
            for (var t = m; t < trainEnd; t++)
            {
                var e = y[t] - model.OneStepBefore(t);
                sse += e * e;
            }
            return sse;
        }
        var result = new NelderMeadSimplex(1e-8, 2000).FindMinimum(ObjectiveFunction.Value(Sse), Vector<double>.Build.Dense(new[] { 0.0, -2.0, -1.0 }));
        var p = result.MinimizingPoint;
        return Run(y, y.Length, m, Logistic(p[0]), Logistic(p[1]), Logistic(p[2]));
    }

    private static HoltWinters Run(double[] y, int length, int m, double alpha, double beta, double gamma)
    {
        var level = new double[length];
        var trend = new double[length];
        var season = new double[length];
        // Initial state from the first two seasons: level = mean of season 1, trend = mean change per step, season = deviations.
        var first = y.Take(m).Average();
        var second = y.Skip(m).Take(m).Average();
        for (var i = 0; i < m; i++) { season[i] = y[i] - first; level[i] = first; trend[i] = (second - first) / m; }
        for (var t = m; t < length; t++)
        {
            level[t] = alpha * (y[t] - season[t - m]) + (1 - alpha) * (level[t - 1] + trend[t - 1]);
            trend[t] = beta * (level[t] - level[t - 1]) + (1 - beta) * trend[t - 1];
            season[t] = gamma * (y[t] - level[t - 1] - trend[t - 1]) + (1 - gamma) * season[t - m];
        }
        return new HoltWinters(alpha, beta, gamma, m, level, trend, season);
    }

    private double OneStepBefore(int t) => _level[t - 1] + _trend[t - 1] + _season[t - _m];

    /// <summary>The forecast of <c>y[origin + h]</c> made at <paramref name="origin"/>.</summary>
    public double Forecast(int origin, int h)
    {
        var k = (h - 1) / _m;
        return _level[origin] + h * _trend[origin] + _season[origin + h - _m * (k + 1)];
    }
}
