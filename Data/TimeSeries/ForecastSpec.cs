using System.Text.Json.Serialization;

namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// A forecasting problem on one series of a CSV file, as plain data (it serialises to JSON as it is): which column
/// to forecast from which inputs, how far, the split in time, the scaling and what to do with imperfect dates.
/// A window's origin o is its last observed step: the model reads steps <c>o − Lookback + 1 .. o</c> of every input and
/// forecasts the target at <c>o + 1 .. o + Horizon</c>. <see cref="ForecastDefaults.For(TimeSeries)"/> gives Season, Lookback and
/// Horizon from the series' frequency.
/// </summary>
/// <param name="Target">The column forecast (numeric).</param>
/// <param name="Features">Other columns fed to the model besides the target (covariates, standardised); default none.</param>
/// <param name="DateColumn">The date column; null looks for one named date, time, timestamp or datetime (row order when there is none).</param>
/// <param name="Key">Key column of a long-format file (e.g. <c>symbol</c>), with <paramref name="Series"/>.</param>
/// <param name="Series">The key value of the series to take; null when the file holds one series (or take the first).</param>
/// <param name="Lookback">Steps the model reads (&gt;= 1).</param>
/// <param name="Horizon">Steps forecast (&gt;= 1); evaluation reports horizon 1 and this one.</param>
/// <param name="Season">Seasonal period in steps (12 monthly, 7 or 365 daily, 24 hourly; 1 for none): seasonal naive,
/// Holt-Winters and the scale of MASE.</param>
/// <param name="Climatology">Daily data: evaluate the climatology baseline too (the mean of the same calendar day in earlier years).</param>
/// <param name="TestFraction">Last part of the series that tests (rolling origin over it).</param>
/// <param name="ValidationFraction">Part before the test that validates (early stopping).</param>
/// <param name="Scaling">What the model reads and forecasts (see <see cref="ForecastScaling"/>); default relative to the last observed value.</param>
/// <param name="CalendarFeatures">Two more inputs per step, sin and cos of the day of the year (data with a yearly season); needs dates.</param>
/// <param name="Gaps">What to do with missing periods in the dates.</param>
/// <param name="Missing">What to do with empty or non-numeric cells (see <see cref="MissingValuePolicy"/>).</param>
/// <param name="Frequency">The series' frequency; null detects it from the dates.</param>
/// <param name="Delimiter">The CSV's field separator; null detects it.</param>
public sealed record ForecastSpec(
    string Target,
    IReadOnlyList<string>? Features = null,
    string? DateColumn = null,
    string? Key = null,
    string? Series = null,
    int Lookback = 30,
    int Horizon = 7,
    int Season = 1,
    bool Climatology = false,
    double TestFraction = 0.2,
    double ValidationFraction = 0.1,
    ForecastScaling Scaling = ForecastScaling.RelativeToLast,
    bool CalendarFeatures = false,
    GapPolicy Gaps = GapPolicy.Error,
    MissingValuePolicy Missing = MissingValuePolicy.Error,
    TimeFrequency? Frequency = null,
    char? Delimiter = null)
{
    /// <summary>Other columns fed to the model besides the target (never null).</summary>
    public IReadOnlyList<string> Features { get; init; } = Features ?? [];

    /// <summary>The CSV columns read, the target first.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Columns => [Target, .. Features];

    /// <summary>Inputs per step the model reads: the target, the features, and the calendar's two when asked.</summary>
    [JsonIgnore]
    public int InputSize => 1 + Features.Count + (CalendarFeatures ? 2 : 0);

    /// <summary>Refuses an inconsistent spec, naming the field and what was expected.</summary>
    /// <exception cref="ArgumentException">The first problem found.</exception>
    public ForecastSpec Validate()
    {
        if (string.IsNullOrWhiteSpace(Target)) throw new ArgumentException("Target: expected a column name, got none.", nameof(Target));
        if (Features.Any(f => string.Equals(f, Target, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"Features: '{Target}' is the target; the target is always an input, list only the other columns.", nameof(Features));
        if (Features.GroupBy(f => f, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"Features: '{twice.Key}' is listed twice.", nameof(Features));
        if (Lookback < 1) throw new ArgumentException($"Lookback: expected at least 1 step, got {Lookback}.", nameof(Lookback));
        if (Horizon < 1) throw new ArgumentException($"Horizon: expected at least 1 step, got {Horizon}.", nameof(Horizon));
        if (Season < 1) throw new ArgumentException($"Season: expected at least 1 step (1 for none), got {Season}.", nameof(Season));
        if (!(TestFraction > 0 && TestFraction < 1)) throw new ArgumentException($"TestFraction: expected a fraction in (0, 1), got {TestFraction}.", nameof(TestFraction));
        if (!(ValidationFraction >= 0 && ValidationFraction + TestFraction < 1))
            throw new ArgumentException($"ValidationFraction: expected >= 0 with validation + test < 1, got {ValidationFraction} + {TestFraction}.", nameof(ValidationFraction));
        if (Series is not null && Key is null) throw new ArgumentException($"Series '{Series}' needs Key: the column that names the series.", nameof(Series));
        return this;
    }

    /// <summary>The loader options that read this spec's columns from a CSV (every duplicated date an error).</summary>
    public CsvSeriesOptions CsvOptions() => new(DateColumn: DateColumn, Target: Target, Columns: Columns, KeyColumn: Key, Missing: Missing, Delimiter: Delimiter);
}
