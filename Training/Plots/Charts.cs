using System.Globalization;
using OxyPlot;
using OxyPlot.Legends;
using OxyPlot.SkiaSharp;
using SkiaSharp;

namespace RnnZoo.Training.Plots;

/// <summary>
/// The common look of RnnZoo's charts (OxyPlot models) and their export to PNG through SkiaSharp.
/// </summary>
/// <remarks>
/// Text: OxyPlot asks SkiaSharp for a font by family name. The Linux native assets RnnZoo ships
/// (SkiaSharp.NativeAssets.Linux.NoDependencies) have no fontconfig: Skia scans <c>/usr/share/fonts</c> and answers
/// any unknown name (OxyPlot's default "Segoe UI") with the first family it found, on Debian a TeX math font.
/// <see cref="FontFamily"/> therefore names a sans-serif family that the font manager really has (DejaVu Sans on
/// Debian, which every image with <c>fonts-dejavu-core</c> has; Liberation Sans, Arial or Helvetica elsewhere).
/// Text shaping is off: it needs HarfBuzz's native library, which no Linux package of SkiaSharp 2.88 brings, and
/// the charts' Latin text needs no shaping.
/// </remarks>
public static class Charts
{
    /// <summary>Sans-serif families tried in order; the first one the font manager has is used.</summary>
    public static IReadOnlyList<string> PreferredFonts { get; } =
        new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Helvetica Neue", "Segoe UI", "Noto Sans" };

    /// <summary>
    /// The family every chart's text is drawn in: the first of <see cref="PreferredFonts"/> that is installed, else
    /// Skia's default typeface.
    /// </summary>
    public static string FontFamily { get; } = ResolveFont();

    /// <summary>Line colours for series that have no meaning of their own (the "tab10" palette).</summary>
    public static IReadOnlyList<OxyColor> Palette { get; } = new[]
    {
        OxyColor.FromRgb(31, 119, 180), OxyColor.FromRgb(255, 127, 14), OxyColor.FromRgb(44, 160, 44),
        OxyColor.FromRgb(214, 39, 40), OxyColor.FromRgb(148, 103, 189), OxyColor.FromRgb(140, 86, 75),
    };

    private static string ResolveFont()
    {
        foreach (var family in PreferredFonts)
        {
            // MatchFamily answers null for a family it does not have (FromFamilyName would fall back silently).
            using var typeface = SKFontManager.Default.MatchFamily(family);
            if (typeface is not null) return typeface.FamilyName;
        }
        return SKTypeface.Default.FamilyName;
    }

    /// <summary>An empty chart in the common look: white background, <see cref="FontFamily"/>, a title.</summary>
    public static PlotModel NewModel(string title) => new()
    {
        Title = title,
        Culture = CultureInfo.InvariantCulture, // "0.5", not "0,5", whatever the machine's culture
        Background = OxyColors.White,
        DefaultFont = FontFamily,
        DefaultFontSize = 13,
        TitleFontSize = 16,
        TitleFontWeight = FontWeights.Bold,
        PlotAreaBorderColor = OxyColor.FromRgb(160, 160, 160),
        Padding = new OxyThickness(8, 8, 16, 8),
    };

    /// <summary>
    /// Adds a legend outside the plot area on the right (it never hides data). <paramref name="key"/> ties it to
    /// the series whose <c>LegendKey</c> is the same (null: every series without a key).
    /// </summary>
    public static Legend AddLegend(PlotModel model, LegendPosition position = LegendPosition.RightTop, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var legend = new Legend
        {
            Key = key,
            LegendPlacement = LegendPlacement.Outside,
            LegendPosition = position,
            LegendBackground = OxyColors.White,
            LegendBorder = OxyColor.FromRgb(200, 200, 200),
            LegendFont = FontFamily,
        };
        model.Legends.Add(legend);
        return legend;
    }

    /// <summary>Renders <paramref name="model"/> to a PNG of <paramref name="width"/> × <paramref name="height"/> pixels at <paramref name="path"/> (folders created).</summary>
    public static void WritePng(PlotModel model, string path, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (width < 200 || height < 150)
            throw new ArgumentOutOfRangeException(nameof(width), $"A chart needs at least 200 × 150 pixels; got {width} × {height}.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = File.Create(path);
        new PngExporter { Width = width, Height = height, UseTextShaping = false }.Export(model, stream);
    }
}
