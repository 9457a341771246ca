using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Series;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Training.Plots;

/// <summary>
/// The spread of a metric over seeds, setting by setting: every run as a point (one per seed, spread sideways so that
/// equal values stay visible) and beside them the mean with its 95% interval (<see cref="Spread"/>) as an error bar.
/// </summary>
public static class SpreadPlots
{
    /// <summary>Writes the chart (<see cref="Model"/>), <see cref="TrainingPlots.Width"/> × <see cref="TrainingPlots.Height"/> pixels.</summary>
    public static void Write(string path, IReadOnlyList<(string Label, Spread Spread)> settings, string title, string valueLabel) =>
        Charts.WritePng(Model(settings, title, valueLabel), path, TrainingPlots.Width, TrainingPlots.Height);

    /// <summary>
    /// One column per setting (its label under it): the runs' values as points, the mean and its 95% interval to their
    /// right (none for a single run). Values that span 50× or more, all positive with their intervals, are drawn on a
    /// log axis.
    /// </summary>
    /// <param name="settings">Label and spread of each setting, in the order drawn.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="valueLabel">The metric, for the value axis (e.g. test MSE).</param>
    public static PlotModel Model(IReadOnlyList<(string Label, Spread Spread)> settings, string title, string valueLabel)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Count == 0) throw new ArgumentException("A spread chart needs at least one setting; got none.", nameof(settings));
        var model = Charts.NewModel(title);
        var labels = settings.Select(s => s.Label).ToArray();
        var longest = labels.Max(l => l.Length);
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom, Minimum = -0.5, Maximum = settings.Count - 0.5, MajorStep = 1, MinorStep = 1,
            // Labels at the columns only; long ones slanted so that neighbours do not overlap.
            LabelFormatter = x => Math.Abs(x - Math.Round(x)) < 1e-9 && Math.Round(x) is var i && i >= 0 && i < labels.Length ? labels[(int)i] : "",
            Angle = longest * settings.Count > 90 ? -20 : 0,
            MajorGridlineStyle = LineStyle.None, TickStyle = TickStyle.None,
        });
        var all = settings.SelectMany(s => s.Spread.Values.Concat(s.Spread.Low is { } low ? [low, s.Spread.High!.Value] : [])).Where(double.IsFinite).ToList();
        var log = all.Count > 0 && all.All(v => v > 0) && all.Max() / all.Min() >= 50;
        var valueAxis = log ? (Axis)TrainingPlots.LogAxis($"{valueLabel} (log scale)") : TrainingPlots.ValueAxis(valueLabel);
        if (all.Count > 0)
        {
            // The whole of every interval shows: with two or three seeds it is wide, and that is the point.
            var (min, max) = (all.Min(), all.Max());
            if (log) (valueAxis.Minimum, valueAxis.Maximum) = (min / Math.Pow(max / min, 0.05), max * Math.Pow(max / min, 0.05));
            else if (max > min) (valueAxis.Minimum, valueAxis.Maximum) = (min - 0.05 * (max - min), max + 0.05 * (max - min));
        }
        model.Axes.Add(valueAxis);

        var runs = new ScatterSeries
        {
            Title = "one run per seed", MarkerType = MarkerType.Circle, MarkerSize = 4.5,
            MarkerFill = OxyColor.FromAColor(190, Charts.Palette[0]), MarkerStroke = Charts.Palette[0],
        };
        var means = new ScatterErrorSeries
        {
            Title = "mean and its 95% interval (Student t)", MarkerType = MarkerType.Diamond, MarkerSize = 6, MarkerFill = OxyColors.Black,
            ErrorBarColor = OxyColors.Black, ErrorBarStrokeThickness = 1.6, ErrorBarStopWidth = 6,
        };
        for (var i = 0; i < settings.Count; i++)
        {
            var values = settings[i].Spread.Values;
            for (var k = 0; k < values.Count; k++)
            {
                // Seeds side by side over a fifth of the column, left of the mean.
                var offset = values.Count == 1 ? 0 : -0.2 + 0.2 * k / (values.Count - 1);
                if (double.IsFinite(values[k])) runs.Points.Add(new ScatterPoint(i + offset - 0.05, values[k]));
            }
            if (settings[i].Spread is { Count: > 1 } spread && double.IsFinite(spread.Mean))
                means.Points.Add(new ScatterErrorPoint(i + 0.15, spread.Mean, 0, spread.High!.Value - spread.Low!.Value)); // OxyPlot's error is the bar's whole length
        }
        model.Series.Add(runs);
        model.Series.Add(means);
        Charts.AddLegend(model, OxyPlot.Legends.LegendPosition.TopCenter).LegendOrientation = OxyPlot.Legends.LegendOrientation.Horizontal;
        return model;
    }
}
