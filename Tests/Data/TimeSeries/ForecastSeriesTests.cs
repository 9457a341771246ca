using RnnZoo.Data.Csv;
using System.Text.Json;
using System.Text.Json.Serialization;
using RnnZoo.Data.TimeSeries;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Data.TimeSeries;

/// <summary>The one windowing pipeline: split, scaling, windows by origin, dates and their policies, checked by hand.</summary>
public class ForecastSeriesTests
{
    private static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Fixtures", name);

    // y = 0..39 and a covariate c = 2y + 1 (so its standardised values equal y's), daily from 2020-01-01.
    private static RnnZoo.Data.TimeSeries.TimeSeries Linear(int length = 40, bool dates = true)
    {
        var y = Enumerable.Range(0, length).Select(i => (double)i).ToArray();
        return new RnnZoo.Data.TimeSeries.TimeSeries("s", dates ? y.Select(i => new DateTime(2020, 1, 1).AddDays(i)).ToArray() : null,
            ["y", "c"], [y, y.Select(v => 2 * v + 1).ToArray()]);
    }

    // 40 steps, test 10 (round(40 × 0.25)), validation 10: train [0, 20), validation [20, 30), test [30, 40).
    private static readonly ForecastSpec Spec = new("y", ["c"], Lookback: 3, Horizon: 2, TestFraction: 0.25, ValidationFraction: 0.25, Scaling: ForecastScaling.Standard);

    // Standardisation of 0..19 (population deviation): mean 9.5, sd sqrt((20² − 1) / 12).
    private static readonly double Sd = Math.Sqrt((20 * 20 - 1) / 12.0);
    private static double Z(double y) => (y - 9.5) / Sd;

    private static float[] Floats(Tensor t) => t.flatten().data<float>().ToArray();

    [Test]
    public void Split_Origins_NoTestOriginIsLost()
    {
        var s = ForecastSeries.Create(Linear(), Spec);
        Assert.That(s.Split, Is.EqualTo(new ChronologicalSplit(40, 20, 30)));
        // A window belongs to the part its first forecast step is in, and all of its horizon lies in that part.
        Assert.That(s.TrainOrigins, Is.EqualTo(Enumerable.Range(2, 16)), "o = 2 (first full lookback) .. 17 (o + 2 = 19)");
        Assert.That(s.ValidationOrigins, Is.EqualTo(Enumerable.Range(19, 9)), "o + 1 = 20 .. o + 2 = 29");
        Assert.That(s.TestOrigins, Is.EqualTo(Enumerable.Range(29, 9)), "o + 1 = 30 .. o + 2 = 39");
        Assert.That(s.EvaluationOrigins, Is.EqualTo(Enumerable.Range(29, 10)), "every o whose next step is tested, 29 .. 38");
        // The first test window reads steps 27, 28, 29 of the validation part: windows cut inside the test part would start at origin 32.
        using var scope = NewDisposeScope();
        Assert.That(Floats(s.Windows([29]).Inputs)[..6], Is.EqualTo(new[] { Z(27), Z(27), Z(28), Z(28), Z(29), Z(29) }.Select(v => (float)v)).Within(1e-6));
        Assert.That((s.TrainLoader(4).SampleCount, s.ValidationLoader().SampleCount, s.TestLoader().SampleCount), Is.EqualTo((16L, 9L, 9L)));
    }

    [Test]
    public void Scaler_IsFittedOnTheTrainingPartOnly()
    {
        var s = ForecastSeries.Create(Linear(), Spec);
        Assert.That(s.Scaler.Offset, Is.EqualTo(new[] { 9.5, 20.0 }).Within(1e-12));
        Assert.That(s.Scaler.Scale, Is.EqualTo(new[] { Sd, 2 * Sd }).Within(1e-12));
        // The test part lies above the training range: z > 1.65 there.
        Assert.That(s.Inputs[0][39], Is.EqualTo(Z(39)).Within(1e-12));
        Assert.That(s.Inputs[1][39], Is.EqualTo(Z(39)).Within(1e-12));
    }

    [Test]
    public void Scalings_ByHand_AndToUnitsUndoesThem()
    {
        using var scope = NewDisposeScope();
        const int o = 10;
        foreach (var scaling in Enum.GetValues<ForecastScaling>())
        {
            var s = ForecastSeries.Create(Linear(), Spec with { Scaling = scaling });
            var w = s.Windows([o]);
            Assert.That(w.Inputs.shape, Is.EqualTo(new long[] { 1, 3, 2 }));
            Assert.That(w.Targets.shape, Is.EqualTo(new long[] { 1, 2, 1 }));
            double[] target, covariate = [Z(8), Z(9), Z(10)], expected;
            switch (scaling)
            {
                case ForecastScaling.Standard:
                    target = [Z(8), Z(9), Z(10)]; expected = [Z(11), Z(12)]; break;
                case ForecastScaling.Change:
                    target = [Z(8), Z(9), Z(10)]; expected = [1 / Sd, 2 / Sd]; break;
                default:
                    // Relative to the last observed value: the window ends at 0 whatever the level; the covariate stays standardised.
                    target = [-2 / Sd, -1 / Sd, 0]; expected = [1 / Sd, 2 / Sd]; break;
            }
            var x = Floats(w.Inputs);
            Assert.That(new[] { x[0], x[2], x[4] }, Is.EqualTo(target.Select(v => (float)v)).Within(1e-6), scaling.ToString());
            Assert.That(new[] { x[1], x[3], x[5] }, Is.EqualTo(covariate.Select(v => (float)v)).Within(1e-6), scaling.ToString());
            Assert.That(Floats(w.Targets), Is.EqualTo(expected.Select(v => (float)v)).Within(1e-6), scaling.ToString());
            // The exact targets, mapped back, are the series' values.
            Assert.That(s.ToUnits(expected, o), Is.EqualTo(new[] { 11.0, 12.0 }).Within(1e-9), scaling.ToString());
        }
    }

    [Test]
    public void OriginsAtTheEnd_HaveUnknownTargets_AndOriginsOutsideAreRefused()
    {
        using var scope = NewDisposeScope();
        var s = ForecastSeries.Create(Linear(), Spec);
        Assert.That(s.LastOrigin, Is.EqualTo(39));
        var w = s.Windows([38, 39]);
        var y = Floats(w.Targets);
        Assert.That(y[0], Is.EqualTo((float)Z(39)).Within(1e-6));
        Assert.That(new[] { y[1], y[2], y[3] }, Is.All.NaN);
        Assert.That(Floats(w.Inputs)[^2], Is.EqualTo((float)Z(39)).Within(1e-6), "the last input step is the origin's row");
        Assert.That(() => s.Windows([1]), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("[2, 39]"));
        Assert.That(() => s.Windows([40]), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void WithASavedScaler_NewDataIsScaledAsTrained_WithoutASplit()
    {
        var trained = ForecastSeries.Create(Linear(), Spec);
        var fresh = ForecastSeries.WithScaler(Linear(5), Spec, trained.Scaler);
        Assert.That(fresh.Split, Is.Null);
        Assert.That(fresh.Inputs[0], Is.EqualTo(trained.Inputs[0][..5]));
        Assert.That(() => fresh.TrainOrigins, Throws.InvalidOperationException.With.Message.Contains("saved scaler"));
        Assert.That(() => ForecastSeries.WithScaler(Linear(5), Spec with { Features = [] }, trained.Scaler),
            Throws.ArgumentException.With.Message.Contains("2 column(s)"));
    }

    [Test]
    public void TooShortSeries_BadSpec_MissingColumnOrValue_AreRefusedWithTheReason()
    {
        Assert.That(() => ForecastSeries.Create(Linear(8), Spec), Throws.ArgumentException.With.Message.Contains("has 8 rows: too few for lookback 3 and horizon 2"));
        Assert.That(() => ForecastSeries.Create(Linear(), Spec with { Lookback = 0 }), Throws.ArgumentException.With.Message.StartsWith("Lookback"));
        Assert.That(() => ForecastSeries.Create(Linear(), Spec with { Features = ["y"] }), Throws.ArgumentException.With.Message.Contains("is the target"));
        Assert.That(() => ForecastSeries.Create(Linear(), Spec with { TestFraction = 0.5, ValidationFraction = 0.5 }), Throws.ArgumentException.With.Message.StartsWith("ValidationFraction"));
        Assert.That(() => ForecastSeries.Create(Linear(), Spec with { Season = 30 }), Throws.ArgumentException.With.Message.Contains("season 30"));
        Assert.That(() => ForecastSeries.Create(Linear(), Spec with { Features = ["wind"] }), Throws.ArgumentException.With.Message.Contains("no column 'wind'"));
        var holed = Linear();
        holed["c"][5] = double.NaN;
        Assert.That(() => ForecastSeries.Create(holed, Spec), Throws.TypeOf<InvalidDataException>().With.Message.Contains("column 'c' holds 1 missing value"));
    }

    [Test]
    public void Gaps_AreAnError_OrFilled_OrIgnored_ByThePolicy()
    {
        var spec = new ForecastSpec("CO2", Lookback: 2, Horizon: 1);
        var e = Assert.Throws<InvalidDataException>(() => ForecastSeries.Load(Fixture("monthly-gaps.csv"), spec));
        Assert.That(e!.Message, Does.Contain("monthly: 3 missing periods: 1958-06, 1958-10 .. 1958-11 (2)").And.Contain("gap policy"));
        var filled = ForecastSeries.Load(Fixture("monthly-gaps.csv"), spec with { Gaps = GapPolicy.Interpolate });
        Assert.That((filled.Length, filled.FilledPeriods, filled.Frequency), Is.EqualTo((13, 3, (TimeFrequency?)TimeFrequency.Monthly)));
        Assert.That(filled.Target[3], Is.EqualTo((317.51 + 315.86) / 2).Within(1e-12));
        Assert.That(filled.Describe(), Does.Contain("13 rows, monthly (3 missing periods filled: Interpolate)"));
        Assert.That(filled.FutureDates(2), Is.EqualTo(new[] { new DateTime(1959, 4, 1), new DateTime(1959, 5, 1) }));
        var ignored = ForecastSeries.Load(Fixture("monthly-gaps.csv"), spec with { Gaps = GapPolicy.Ignore });
        Assert.That((ignored.Length, ignored.FilledPeriods, ignored.DateReport!.MissingCount), Is.EqualTo((10, 0, 3)));
        Assert.That(ignored.Describe(), Does.Contain("monthly (3 missing periods ignored: rows are steps)"));
        // Columns match as the CSV loader matches them: exactly, else ignoring case.
        Assert.That(ForecastSeries.Load(Fixture("monthly-gaps.csv"), spec with { Target = "co2", Gaps = GapPolicy.Ignore }).Target, Is.EqualTo(ignored.Target));
    }

    [Test]
    public void DuplicatedPeriods_AndIrregularDates_AreRefused()
    {
        var duplicated = new RnnZoo.Data.TimeSeries.TimeSeries("m",
            [new(2000, 1, 1), new(2000, 2, 1), new(2000, 2, 15), new(2000, 3, 1), new(2000, 4, 1), new(2000, 5, 1), new(2000, 6, 1)], ["y"], [[1.0, 2, 3, 4, 5, 6, 7]]);
        Assert.That(() => ForecastSeries.Create(duplicated, new ForecastSpec("y", Lookback: 1, Horizon: 1, TestFraction: 0.25, ValidationFraction: 0)),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("duplicated date").And.Message.Contains("2000-02"));
        Assert.That(() => ForecastSeries.Load(Fixture("duplicated-dates.csv"), new ForecastSpec("value")),
            Throws.TypeOf<CsvFormatException>().With.Message.Contains("2020-01-03 (lines 4, 5)"));
        var y = Enumerable.Range(0, 40).Select(i => (double)i).ToArray();
        var irregular = new RnnZoo.Data.TimeSeries.TimeSeries("i", y.Select(i => new DateTime(2020, 1, 1).AddDays(3 * i)).ToArray(), ["y"], [y]);
        var spec = new ForecastSpec("y", Lookback: 3, Horizon: 2);
        Assert.That(() => ForecastSeries.Create(irregular, spec), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no regular frequency"));
        Assert.That(ForecastSeries.Create(irregular, spec with { Gaps = GapPolicy.Ignore }).Length, Is.EqualTo(40));
        Assert.That(ForecastSeries.Create(irregular, spec with { Frequency = TimeFrequency.Daily, Gaps = GapPolicy.ForwardFill }).Length, Is.EqualTo(118));
    }

    [Test]
    public void CalendarFeatures_AreTheDayOfTheYearAsAnAngle_AndNeedDates()
    {
        var s = ForecastSeries.Create(Linear(), Spec with { CalendarFeatures = true });
        Assert.That(s.Inputs, Has.Count.EqualTo(4).And.Count.EqualTo(s.Spec.InputSize));
        // 2020-01-01 is day 1: angle 0; 2020-01-11 is day 11: angle 2π · 10 / 365.25.
        Assert.That((s.Inputs[2][0], s.Inputs[3][0]), Is.EqualTo((0.0, 1.0)));
        Assert.That(s.Inputs[2][10], Is.EqualTo(Math.Sin(2 * Math.PI * 10 / 365.25)).Within(1e-12));
        Assert.That(() => ForecastSeries.Create(Linear(dates: false), Spec with { CalendarFeatures = true }), Throws.ArgumentException.With.Message.Contains("needs dates"));
        Assert.That(ForecastSeries.Create(Linear(dates: false), Spec).Frequency, Is.Null, "no dates: rows are steps");
    }

    [Test]
    public void Spec_SerialisesAsPlainJson()
    {
        var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Converters = { new JsonStringEnumConverter() } };
        var spec = new ForecastSpec("price", Key: "symbol", Series: "MSFT", Lookback: 24, Horizon: 12, Season: 12, Scaling: ForecastScaling.Change, Delimiter: ';');
        var json = JsonSerializer.Serialize(spec, options);
        Assert.That(json, Does.Contain("\"scaling\":\"Change\"").And.Contain("\"features\":[]").And.Contain("\"delimiter\":\";\"").And.Not.Contain("input_size").And.Not.Contain("columns"));
        var back = JsonSerializer.Deserialize<ForecastSpec>(json, options)!;
        Assert.That(back with { Features = spec.Features }, Is.EqualTo(spec));
        Assert.That(JsonSerializer.Deserialize<ForecastSpec>("{\"target\":\"y\"}", options)!.Features, Is.Empty);
    }

    [Test]
    public void ScalerFile_RoundTrips_AndRefusesOtherColumnsOrABrokenFile()
    {
        var dir = Directory.CreateTempSubdirectory("rnnzoo-scaler-").FullName;
        try
        {
            var s = ForecastSeries.Create(Linear(), Spec);
            ScalerFile.From(s).Save(dir);
            var back = ScalerFile.Load(dir);
            Assert.That(back.Columns, Is.EqualTo(new[] { "y", "c" }));
            Assert.That(back.ScalerFor(Spec).Transform([9.5 + Sd], 0), Is.EqualTo(new[] { 1.0 }).Within(1e-12));
            Assert.That(() => back.ScalerFor(Spec with { Features = [] }), Throws.TypeOf<InvalidDataException>().With.Message.Contains("has columns y, c"));
            File.WriteAllText(Path.Combine(dir, ScalerFile.FileName), "{\"columns\": [\"y\"], ");
            Assert.That(() => ScalerFile.Load(dir), Throws.TypeOf<InvalidDataException>());
            File.WriteAllText(Path.Combine(dir, ScalerFile.FileName), "{\"columns\": [\"y\"], \"offset\": [0], \"scale\": [0]}");
            Assert.That(() => ScalerFile.Load(dir), Throws.TypeOf<InvalidDataException>().With.Message.Contains("non-zero"));
            Assert.That(() => ScalerFile.Load(Path.Combine(dir, "none")), Throws.TypeOf<FileNotFoundException>());
        }
        finally { Directory.Delete(dir, true); }
    }
}
