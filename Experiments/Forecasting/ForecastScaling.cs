using System.Text.Json;
using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Experiments.Forecasting;

/// <summary>
/// The standardisation a forecaster was trained with (fitted on the training part of its series), saved as
/// <c>scaler.json</c> in the run folder so that <c>predict</c> scales new data exactly as training did.
/// </summary>
/// <param name="Columns">The columns read, the target first.</param>
/// <param name="Offset">Per-column offset (mean).</param>
/// <param name="Scale">Per-column scale (standard deviation, never 0).</param>
public sealed record ForecastScaling(IReadOnlyList<string> Columns, IReadOnlyList<double> Offset, IReadOnlyList<double> Scale)
{
    /// <summary>The file name in a run folder.</summary>
    public const string FileName = "scaler.json";

    /// <summary>The scaling of a prepared forecast.</summary>
    public static ForecastScaling From(ForecastContext context) =>
        new(new[] { context.Spec.Target }.Concat(context.Spec.Features).ToArray(), context.Scaler.Offset.ToArray(), context.Scaler.Scale.ToArray());

    /// <summary>Writes <c>scaler.json</c> into <paramref name="folder"/>.</summary>
    public void Save(string folder) => File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Running.ExperimentRunner.Json));

    /// <summary>Reads <c>scaler.json</c> of a run folder.</summary>
    /// <exception cref="FileNotFoundException">The run wrote none (it is not a forecasting run, or predates scaler.json).</exception>
    public static ForecastScaling Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            throw new FileNotFoundException($"'{folder}' has no {FileName}: only forecasting runs write it (rerun the experiment to get one).", path);
        var scaling = JsonSerializer.Deserialize<ForecastScaling>(File.ReadAllText(path), Running.ExperimentRunner.Json)
                      ?? throw new InvalidDataException($"'{path}' is empty.");
        if (scaling.Columns.Count == 0 || scaling.Offset.Count != scaling.Columns.Count || scaling.Scale.Count != scaling.Columns.Count)
            throw new InvalidDataException($"'{path}': expected one offset and one scale per column.");
        try { scaling.ToScaler(); }
        catch (ArgumentException e) { throw new InvalidDataException($"'{path}': {e.Message}", e); }
        return scaling;
    }

    /// <summary>The scaler these parameters make (column 0 is the target).</summary>
    public AffineScaler ToScaler() => AffineScaler.FromParameters(Offset, Scale);
}
