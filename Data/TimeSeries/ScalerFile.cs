using System.Text.Json;

namespace RnnZoo.Data.TimeSeries;

/// <summary>
/// The standardisation a forecaster was trained with (fitted on the training part of its series), as saved next to the
/// model (<c>scaler.json</c> in a run folder), so that new data is scaled exactly as the training data was.
/// </summary>
/// <param name="Columns">The columns read, the target first (<see cref="ForecastSpec.Columns"/>).</param>
/// <param name="Offset">Per-column offset (mean).</param>
/// <param name="Scale">Per-column scale (standard deviation, never 0).</param>
public sealed record ScalerFile(IReadOnlyList<string> Columns, IReadOnlyList<double> Offset, IReadOnlyList<double> Scale)
{
    /// <summary>The file name in a run folder.</summary>
    public const string FileName = "scaler.json";


    /// <summary>The scaling of a prepared series.</summary>
    public static ScalerFile From(ForecastSeries series) => new(series.Spec.Columns.ToArray(), series.Scaler.Offset.ToArray(), series.Scaler.Scale.ToArray());

    /// <summary>Writes <see cref="FileName"/> into <paramref name="folder"/>.</summary>
    public void Save(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, JsonFormat.Indented));

    /// <summary>Reads <see cref="FileName"/> of <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">There is none (not a forecasting run).</exception>
    /// <exception cref="InvalidDataException">It is not JSON, or not one finite offset and one non-zero scale per column.</exception>
    public static ScalerFile Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{folder}' has no {FileName}: only forecasting runs write it (rerun the experiment to get one).", path);
        ScalerFile? scaling;
        try { scaling = JsonSerializer.Deserialize<ScalerFile>(File.ReadAllText(path), JsonFormat.Indented); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' is not a scaler file: {e.Message}", e); }
        if (scaling is null) throw new InvalidDataException($"'{path}' is empty.");
        if (scaling.Columns is not { Count: > 0 } || scaling.Offset?.Count != scaling.Columns.Count || scaling.Scale?.Count != scaling.Columns.Count)
            throw new InvalidDataException($"'{path}': expected one offset and one scale per column.");
        try { scaling.ToScaler(); }
        catch (ArgumentException e) { throw new InvalidDataException($"'{path}': {e.Message}", e); }
        return scaling;
    }

    /// <summary>The scaler these parameters make (column 0 is the target).</summary>
    public AffineScaler ToScaler() => AffineScaler.FromParameters(Offset, Scale);

    /// <summary>The scaler, after checking that it scales the columns <paramref name="spec"/> reads.</summary>
    /// <exception cref="InvalidDataException">Other columns.</exception>
    public AffineScaler ScalerFor(ForecastSpec spec)
    {
        if (!spec.Columns.SequenceEqual(Columns))
            throw new InvalidDataException($"{FileName} has columns {string.Join(", ", Columns)}; the forecast reads {string.Join(", ", spec.Columns)}.");
        return ToScaler();
    }
}
