using System.Globalization;
using SkiaSharp;

namespace RnnZoo.Training.Plots;

/// <summary>One line of a chart.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">X values.</param>
/// <param name="Y">Y values (NaN and infinite points are skipped).</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A plain line chart written as PNG (SkiaSharp): title, axes with ticks, legend, optional log scale.</summary>
public static class LineChart
{
    private static readonly SKColor[] Palette =
    {
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(214, 39, 40), new(148, 103, 189), new(140, 86, 75),
    };

    /// <summary>Renders <paramref name="series"/> to <paramref name="path"/> (<paramref name="width"/> × <paramref name="height"/> pixels).</summary>
    public static void Write(string path, string title, string xLabel, string yLabel, IReadOnlyList<Series> series,
        bool logY = false, int width = 900, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (width < 200 || height < 150) throw new ArgumentOutOfRangeException(nameof(width), "The chart needs at least 200 × 150 pixels.");
        Func<double, double> fy = logY ? v => Math.Log10(v) : v => v;
        var points = series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && double.IsFinite(fy(p.Second))).ToList();
        var (xMin, xMax) = points.Count == 0 ? (0.0, 1.0) : (points.Min(p => p.First), points.Max(p => p.First));
        var (yMin, yMax) = points.Count == 0 ? (0.0, 1.0) : (points.Min(p => fy(p.Second)), points.Max(p => fy(p.Second)));
        if (xMax == xMin) { xMin -= 0.5; xMax += 0.5; }
        if (yMax == yMin) { yMin -= 0.5; yMax += 0.5; }
        var pad = (yMax - yMin) * 0.05;
        (yMin, yMax) = (yMin - pad, yMax + pad);

        const float left = 80, right = 20, top = 50, bottom = 60;
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        float Px(double x) => left + (float)((x - xMin) / (xMax - xMin) * plotWidth);
        float Py(double y) => top + plotHeight - (float)((y - yMin) / (yMax - yMin) * plotHeight);

        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var text = new SKPaint { Color = SKColors.Black, TextSize = 13, IsAntialias = true };
        using var titlePaint = new SKPaint { Color = SKColors.Black, TextSize = 17, IsAntialias = true, FakeBoldText = true };
        using var axis = new SKPaint { Color = SKColors.Black, StrokeWidth = 1, IsAntialias = true };
        using var grid = new SKPaint { Color = new SKColor(225, 225, 225), StrokeWidth = 1 };
        canvas.DrawText(title, left, 28, titlePaint);

        for (var i = 0; i <= 5; i++)
        {
            var yv = yMin + (yMax - yMin) * i / 5;
            var py = Py(yv);
            canvas.DrawLine(left, py, left + plotWidth, py, grid);
            var label = logY ? $"1e{yv:F1}" : yv.ToString(Math.Abs(yMax - yMin) < 0.1 ? "G3" : "F2", CultureInfo.InvariantCulture);
            canvas.DrawText(label, 6, py + 4, text);
            var xv = xMin + (xMax - xMin) * i / 5;
            var px = Px(xv);
            canvas.DrawLine(px, top, px, top + plotHeight, grid);
            canvas.DrawText(xv.ToString(Math.Abs(xMax - xMin) < 10 ? "G3" : "F0", CultureInfo.InvariantCulture), px - 10, top + plotHeight + 18, text);
        }
        canvas.DrawLine(left, top + plotHeight, left + plotWidth, top + plotHeight, axis);
        canvas.DrawLine(left, top, left, top + plotHeight, axis);
        canvas.DrawText(xLabel, left + plotWidth / 2 - 30, height - 15, text);
        canvas.Save();
        canvas.RotateDegrees(-90, 16, top + plotHeight / 2 + 40);
        canvas.DrawText(yLabel + (logY ? " (log10)" : ""), 16, top + plotHeight / 2 + 40, text);
        canvas.Restore();

        for (var s = 0; s < series.Count; s++)
        {
            using var pen = new SKPaint { Color = Palette[s % Palette.Length], StrokeWidth = 2, IsAntialias = true, Style = SKPaintStyle.Stroke };
            using var path2 = new SKPath();
            var started = false;
            for (var i = 0; i < Math.Min(series[s].X.Count, series[s].Y.Count); i++)
            {
                var (x, y) = (series[s].X[i], fy(series[s].Y[i]));
                if (!double.IsFinite(x) || !double.IsFinite(y)) { started = false; continue; }
                if (started) path2.LineTo(Px(x), Py(y)); else path2.MoveTo(Px(x), Py(y));
                started = true;
            }
            canvas.DrawPath(path2, pen);
            using var fill = new SKPaint { Color = Palette[s % Palette.Length] };
            canvas.DrawRect(left + plotWidth - 190, top + 8 + s * 18, 14, 10, fill);
            canvas.DrawText(series[s].Name, left + plotWidth - 170, top + 18 + s * 18, text);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
