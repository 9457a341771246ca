namespace RnnZoo.Data.TimeSeries;

/// <summary>Shape of the targets of a window.</summary>
public enum WindowTargets
{
    /// <summary>One target block per window: the <c>Horizon</c> values after the window, <c>[N, Horizon]</c>.</summary>
    ManyToOne,
    /// <summary>A target block per step: at step t of the window, the <c>Horizon</c> values after step t, <c>[N, Lookback, Horizon]</c>.</summary>
    ManyToMany,
}

/// <summary>
/// Sliding-window layout. Window i starts at step <c>s = i * Stride</c>, takes inputs from steps
/// <c>s .. s + Lookback - 1</c> and targets from the following <c>Horizon</c> steps
/// (<c>s + Lookback .. s + Lookback + Horizon - 1</c>). For a series of length T the number of windows is
/// <c>N = floor((T - Lookback - Horizon) / Stride) + 1</c> when <c>T &gt;= Lookback + Horizon</c>, and the
/// options are refused otherwise. Many-to-many windows have the same count: the last step's targets
/// reach the same last value.
/// </summary>
/// <param name="Lookback">Input steps per window (&gt;= 1).</param>
/// <param name="Horizon">Steps ahead to predict (&gt;= 1).</param>
/// <param name="Stride">Steps between window starts (&gt;= 1).</param>
/// <param name="Targets">Many-to-one or many-to-many targets.</param>
public sealed record WindowOptions(int Lookback, int Horizon = 1, int Stride = 1, WindowTargets Targets = WindowTargets.ManyToOne)
{
    /// <summary>Number of windows in a series of <paramref name="length"/> steps (0 when it is too short).</summary>
    public int CountFor(int length) => length < Lookback + Horizon ? 0 : (length - Lookback - Horizon) / Stride + 1;

    /// <summary>Refuses invalid options, and a series too short for one window, with the reason.</summary>
    public void Validate(int? length = null)
    {
        if (Lookback < 1) throw new ArgumentOutOfRangeException(nameof(Lookback), Lookback, "lookback must be at least 1 step.");
        if (Horizon < 1) throw new ArgumentOutOfRangeException(nameof(Horizon), Horizon, "horizon must be at least 1 step.");
        if (Stride < 1) throw new ArgumentOutOfRangeException(nameof(Stride), Stride, "stride must be at least 1 step.");
        if (length is { } t && CountFor(t) == 0)
            throw new ArgumentOutOfRangeException(nameof(Horizon),
                $"A series of {t} steps is too short for lookback {Lookback} + horizon {Horizon} (needs at least {Lookback + Horizon} steps).");
    }
}
