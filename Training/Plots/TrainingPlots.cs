using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace RnnZoo.Training.Plots;

/// <summary>
/// The harness's standard charts (OxyPlot): learning curves, forecasts against what happened, and gradient norms over
/// time. Each writer has a builder beside it that returns the <see cref="PlotModel"/>, for callers that restyle it
/// or show it elsewhere; <see cref="Charts.WritePng"/> writes a model.
/// </summary>
public static class TrainingPlots
{
    /// <summary>Width of every line chart here, in pixels.</summary>
    public const int Width = 900;
    /// <summary>Height of a one-panel chart, in pixels.</summary>
    public const int Height = 500;
    /// <summary>Height of the learning curves when an accuracy panel is added below the losses, in pixels.</summary>
    public const int TwoPanelHeight = 680;

    /// <summary>The metrics drawn in the learning curves' second panel when the history has any of them.</summary>
    public static IReadOnlyList<string> AccuracyMetrics { get; } = new[] { "accuracy", "val_accuracy" };

    /// <summary>
    /// Writes the learning curves (<see cref="LearningCurvesModel"/>): <see cref="Width"/> × <see cref="Height"/>
    /// pixels, or × <see cref="TwoPanelHeight"/> with the accuracy panel.
    /// </summary>
    public static void LearningCurves(string path, IReadOnlyList<EpochRecord> history, string title = "Learning curves")
    {
        var model = LearningCurvesModel(history, title);
        Charts.WritePng(model, path, Width, HasAccuracy(history) ? TwoPanelHeight : Height);
    }

    /// <summary>
    /// Training and validation loss over the epochs (whole-epoch ticks only); a loss that spans 50× or more is drawn
    /// on a log axis. When the history holds <see cref="AccuracyMetrics"/>, a second panel below shows them.
    /// </summary>
    public static PlotModel LearningCurvesModel(IReadOnlyList<EpochRecord> history, string title = "Learning curves")
    {
        ArgumentNullException.ThrowIfNull(history);
        var model = Charts.NewModel(title);
        var twoPanels = HasAccuracy(history);
        var (first, last) = history.Count == 0 ? (1, 1) : (history.Min(r => r.Epoch), history.Max(r => r.Epoch));
        model.Axes.Add(new LinearAxis
        {
            Key = "epoch", Position = AxisPosition.Bottom, Title = "epoch",
            Minimum = first - 0.2, Maximum = last + 0.2,
            MajorStep = EpochStep(last - first), MinorStep = EpochStep(last - first), StringFormat = "0",
            MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = Grid,
        });

        var losses = history.Select(r => r.Loss).Concat(history.Where(r => r.ValidationLoss is not null).Select(r => r.ValidationLoss!.Value))
            .Where(double.IsFinite).ToList();
        var logLoss = losses.Count > 0 && losses.All(v => v > 0) && losses.Max() / losses.Min() >= 50;
        var lossAxis = logLoss ? (Axis)LogAxis("loss (log scale)") : ValueAxis("loss");
        lossAxis.Key = "loss";
        if (twoPanels) lossAxis.StartPosition = 0.42;
        model.Axes.Add(lossAxis);
        var lossKey = twoPanels ? "loss" : null;
        model.Series.Add(Line("loss", history.Select(r => (r.Epoch, r.Loss)), Charts.Palette[0], "loss", lossKey, markers: true));
        if (history.Any(r => r.ValidationLoss is not null))
            model.Series.Add(Line("val_loss", history.Where(r => r.ValidationLoss is not null).Select(r => (r.Epoch, r.ValidationLoss!.Value)),
                Charts.Palette[1], "loss", lossKey, markers: true));
        Charts.AddLegend(model, LegendPosition.RightTop, lossKey);

        if (twoPanels)
        {
            var accuracy = ValueAxis("accuracy");
            accuracy.Key = "accuracy";
            accuracy.EndPosition = 0.34;
            accuracy.StringFormat = "0.00";
            model.Axes.Add(accuracy);
            for (var i = 0; i < AccuracyMetrics.Count; i++)
            {
                var name = AccuracyMetrics[i];
                if (!history.Any(r => r.Metrics.ContainsKey(name))) continue;
                model.Series.Add(Line(name, history.Where(r => r.Metrics.ContainsKey(name)).Select(r => (r.Epoch, r.Metrics[name])),
                    Charts.Palette[2 + i], "accuracy", "accuracy", markers: true));
            }
            Charts.AddLegend(model, LegendPosition.RightBottom, "accuracy");
        }
        return model;
    }

    /// <summary>
    /// Writes the forecast chart (<see cref="ActualVersusPredictedModel"/>), <see cref="Width"/> × <see cref="Height"/> pixels.
    /// </summary>
    public static void ActualVersusPredicted(string path, IReadOnlyList<DateTime>? dates, IReadOnlyList<double> actual, IReadOnlyList<double> predicted,
        string title = "Actual vs predicted", string yLabel = "value", IReadOnlyDictionary<string, IReadOnlyList<double>>? baselines = null) =>
        Charts.WritePng(ActualVersusPredictedModel(dates, actual, predicted, title, yLabel, baselines), path, Width, Height);

    /// <summary>
    /// A forecast against what happened, in the series' units, over the dates the values are for (a date axis from
    /// the first date to the last); each baseline (name → values at the same dates) is drawn dashed beside them.
    /// </summary>
    /// <param name="dates">The date of each value, in order; null for a series without dates (the x axis is then the step).</param>
    /// <param name="actual">What happened, one value per date.</param>
    /// <param name="predicted">The model's forecast, one value per date.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="yLabel">Title of the value axis (the series' name and units).</param>
    /// <param name="baselines">Other forecasts of the same dates, by name; none by default.</param>
    public static PlotModel ActualVersusPredictedModel(IReadOnlyList<DateTime>? dates, IReadOnlyList<double> actual, IReadOnlyList<double> predicted,
        string title = "Actual vs predicted", string yLabel = "value", IReadOnlyDictionary<string, IReadOnlyList<double>>? baselines = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(predicted);
        if (dates is not null && dates.Count == 0) throw new ArgumentException("A forecast chart needs at least one date; got none.", nameof(dates));
        var points = dates?.Count ?? actual.Count;
        void SameLength(string name, int count)
        {
            if (count != points) throw new ArgumentException($"'{name}' needs one value per date ({points}); got {count}.", name);
        }
        SameLength(nameof(actual), actual.Count);
        SameLength(nameof(predicted), predicted.Count);
        foreach (var (name, values) in baselines ?? new Dictionary<string, IReadOnlyList<double>>()) SameLength(name, values.Count);

        var model = Charts.NewModel(title);
        double[] xs;
        if (dates is null)
        {
            // A series without dates: the steps, 0-based, on a plain axis.
            xs = Enumerable.Range(0, points).Select(i => (double)i).ToArray();
            model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "step (the series has no dates)", MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = Grid });
        }
        else
        {
            xs = dates.Select(DateTimeAxis.ToDouble).ToArray();
            var (start, end) = (dates.Min(), dates.Max());
            model.Axes.Add(new DateTimeAxis
            {
                Position = AxisPosition.Bottom, Title = "date",
                Minimum = DateTimeAxis.ToDouble(start), Maximum = DateTimeAxis.ToDouble(end == start ? start.AddDays(1) : end),
                StringFormat = (end - start).TotalDays > 2 * 365 ? "yyyy-MM" : "yyyy-MM-dd",
                IntervalLength = 110, // pixels between labels: a date label is about 75 pixels wide
                MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = Grid,
            });
        }
        model.Axes.Add(ValueAxis(yLabel));
        IEnumerable<(double X, double Y)> Points(IReadOnlyList<double> values) => xs.Select((x, i) => (x, values[i]));
        model.Series.Add(Line("actual", Points(actual), OxyColors.Black, null, null, thickness: 1.6));
        model.Series.Add(Line("predicted", Points(predicted), Charts.Palette[0], null, null, thickness: 1.6));
        var colour = 1;
        foreach (var (name, values) in baselines ?? new Dictionary<string, IReadOnlyList<double>>())
        {
            var line = Line(name, Points(values), Charts.Palette[colour++ % Charts.Palette.Count], null, null, thickness: 1.3);
            line.LineStyle = LineStyle.Dash;
            model.Series.Add(line);
        }
        Charts.AddLegend(model);
        return model;
    }

    /// <summary>Writes the gradient-norm chart (<see cref="GradientNormsModel"/>), <see cref="Width"/> × <see cref="Height"/> pixels.</summary>
    public static void GradientNorms(string path, IReadOnlyDictionary<string, double[]> normsByModel, string title = "Gradient of the loss w.r.t. each hidden state") =>
        Charts.WritePng(GradientNormsModel(normsByModel, title), path, Width, Height);

    /// <summary>
    /// ||dL/dh_t|| over the time step t for one or more models (name → one norm per step), on a log axis labelled in
    /// powers of ten: vanishing or exploding gradients at a glance. Zero norms (underflow) leave gaps.
    /// </summary>
    public static PlotModel GradientNormsModel(IReadOnlyDictionary<string, double[]> normsByModel, string title = "Gradient of the loss w.r.t. each hidden state")
    {
        ArgumentNullException.ThrowIfNull(normsByModel);
        var model = Charts.NewModel(title);
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom, Title = "time step t", MinimumMajorStep = 1, MinimumMinorStep = 1, StringFormat = "0",
            MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = Grid,
        });
        model.Axes.Add(LogAxis("||dL/dh_t||"));
        var colour = 0;
        foreach (var (name, norms) in normsByModel)
            model.Series.Add(Line(name, norms.Select((v, t) => ((double)t, v > 0 ? v : double.NaN)), Charts.Palette[colour++ % Charts.Palette.Count], null, null,
                thickness: 1.8));
        Charts.AddLegend(model);
        return model;
    }

    /// <summary>
    /// A tick label of a log axis: "10^{k}" at a power of ten, else "m×10^{k}" (OxyPlot draws <c>^{...}</c> as a
    /// superscript).
    /// </summary>
    public static string PowerOfTen(double value)
    {
        if (!(value > 0) || !double.IsFinite(value)) return value.ToString(CultureInfo.InvariantCulture);
        var exponent = (int)Math.Floor(Math.Log10(value) + 1e-9);
        var mantissa = value / Math.Pow(10, exponent);
        return Math.Abs(mantissa - 1) < 1e-6
            ? $"10^{{{exponent}}}"
            : string.Create(CultureInfo.InvariantCulture, $"{mantissa:0.#}×10^{{{exponent}}}");
    }

    internal static readonly OxyColor Grid = OxyColor.FromRgb(225, 225, 225);

    private static bool HasAccuracy(IReadOnlyList<EpochRecord> history) =>
        history is not null && history.Any(r => AccuracyMetrics.Any(r.Metrics.ContainsKey));

    /// <summary>Whole epochs between ticks: 1, 2, 5, 10, 20, 50, ... so that at most about 12 ticks show.</summary>
    private static double EpochStep(int span)
    {
        for (var decade = 1; ; decade *= 10)
            foreach (var step in new[] { 1, 2, 5 })
                if (span / (step * decade) <= 12) return step * decade;
    }

    internal static LinearAxis ValueAxis(string title) => new()
    {
        Position = AxisPosition.Left, Title = title, MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = Grid,
        MinimumPadding = 0.05, MaximumPadding = 0.05,
    };

    internal static LogarithmicAxis LogAxis(string title) => new()
    {
        Position = AxisPosition.Left, Title = title, Base = 10, LabelFormatter = PowerOfTen,
        MajorGridlineStyle = LineStyle.Solid, MajorGridlineColor = Grid, MinorGridlineStyle = LineStyle.None,
    };

    /// <summary>A line through the finite points (a non-finite one leaves a gap).</summary>
    private static LineSeries Line(string name, IEnumerable<(double X, double Y)> points, OxyColor colour, string? yAxisKey, string? legendKey,
        double thickness = 2, bool markers = false)
    {
        var line = new LineSeries
        {
            Title = name, Color = colour, StrokeThickness = thickness, YAxisKey = yAxisKey, LegendKey = legendKey,
            MarkerType = markers ? MarkerType.Circle : MarkerType.None, MarkerSize = 3.5, MarkerFill = colour,
        };
        foreach (var (x, y) in points)
            line.Points.Add(double.IsFinite(x) && double.IsFinite(y) ? new DataPoint(x, y) : DataPoint.Undefined);
        return line;
    }

    private static LineSeries Line(string name, IEnumerable<(int Epoch, double Value)> points, OxyColor colour, string yAxisKey, string? legendKey, bool markers) =>
        Line(name, points.Select(p => ((double)p.Epoch, p.Value)), colour, yAxisKey, legendKey, markers: markers);
}
