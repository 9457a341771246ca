using RnnZoo.Data.TimeSeries;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Data.TimeSeries;

[TestFixture]
public class TimeSeriesTests
{
    private string _dir = null!;
    [SetUp] public void SetUp() => _dir = Directory.CreateTempSubdirectory("rnnzoo-csv-").FullName;
    [TearDown] public void TearDown() => Directory.Delete(_dir, true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public void LongFormat_IsSplitByKey_AndSortedByDate_WithTextDates()
    {
        var path = Write("stocks.csv", "symbol,date,price\nMSFT,Feb 1 2000,2\nIBM,Jan 1 2000,10\nMSFT,Jan 1 2000,1\nIBM,Feb 1 2000,11\nMSFT,Mar 1 2000,3\n");
        var series = CsvSeriesLoader.Load(path, new CsvSeriesOptions(KeyColumn: "symbol"));
        Assert.That(series.Select(s => s.Name), Is.EqualTo(new[] { "IBM", "MSFT" }));
        var msft = series[1];
        Assert.That(msft.Dates, Is.EqualTo(new[] { new DateTime(2000, 1, 1), new DateTime(2000, 2, 1), new DateTime(2000, 3, 1) }));
        Assert.That(msft.Column("price"), Is.EqualTo(new[] { 1.0, 2.0, 3.0 }));
    }

    [Test]
    public void WideFormat_TargetFirst_NonNumericColumnsLeftOut_IsoDates()
    {
        var path = Write("weather.csv", "date,precipitation,temp_max,weather\n2012-01-02,0.5,11,rain\n2012-01-01,0,10,sun\n");
        var s = CsvSeriesLoader.Load(path, new CsvSeriesOptions(TargetColumn: "temp_max")).Single();
        Assert.That(s.Columns, Is.EqualTo(new[] { "temp_max", "precipitation" }));
        Assert.That(s.Column("temp_max"), Is.EqualTo(new[] { 10.0, 11.0 }));
        Assert.That(s.ToMatrix(), Is.EqualTo(new float[] { 10, 0, 11, 0.5f }));
    }

    [Test]
    public void MissingOrBadValues_AreErrorsWithLineAndColumn_UnlessAPolicyIsChosen()
    {
        var path = Write("gaps.csv", "date,value\n2020-01-01,1\n2020-01-02,\n2020-01-03,x\n2020-01-05,5\n");
        Assert.That(() => CsvSeriesLoader.Load(path), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("line 3, column 'value': missing value"));
        var withValue = Write("bad.csv", "date,value\n2020-01-01,1\n2020-01-02,abc\n");
        Assert.That(() => CsvSeriesLoader.Load(withValue, new CsvSeriesOptions(TargetColumn: "value")), Throws.InstanceOf<InvalidDataException>()
            .With.Message.Contains("line 3, column 'value': 'abc' is not a number"));
        var badDate = Write("date.csv", "date,value\nsomeday,1\n");
        Assert.That(() => CsvSeriesLoader.Load(badDate), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("line 2, column 'date'"));

        var options = new CsvSeriesOptions(TargetColumn: "value");
        Assert.That(CsvSeriesLoader.Load(path, options with { Missing = MissingValuePolicy.Drop }).Single().Column("value"), Is.EqualTo(new[] { 1.0, 5.0 }));
        Assert.That(CsvSeriesLoader.Load(path, options with { Missing = MissingValuePolicy.ForwardFill }).Single().Column("value"), Is.EqualTo(new[] { 1.0, 1.0, 1.0, 5.0 }));
        // Interpolation in time: Jan 2 and Jan 3 lie 1/4 and 2/4 of the way from Jan 1 (1) to Jan 5 (5).
        Assert.That(CsvSeriesLoader.Load(path, options with { Missing = MissingValuePolicy.Interpolate }).Single().Column("value"), Is.EqualTo(new[] { 1.0, 2.0, 3.0, 5.0 }));
        Assert.That(() => CsvSeriesLoader.Load(path, new CsvSeriesOptions(TargetColumn: "nope")), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("no target column 'nope'"));
    }

    [TestCase(10, 3, 1, 1, 7)]
    [TestCase(10, 3, 2, 1, 6)]
    [TestCase(10, 3, 1, 2, 4)]
    [TestCase(4, 3, 1, 1, 1)]
    [TestCase(3, 3, 1, 1, 0)]
    public void WindowCount_FollowsTheFormula(int length, int lookback, int horizon, int stride, int expected)
    {
        // floor((T − lookback − horizon) / stride) + 1 when T ≥ lookback + horizon
        Assert.That(SeriesWindows.Count(length, lookback, horizon, stride), Is.EqualTo(expected));
    }

    [Test]
    public void Windows_InputsAndTargets_ManyToOneAndManyToMany()
    {
        using var scope = NewDisposeScope();
        var values = Enumerable.Range(0, 8).Select(i => (float)i).ToArray(); // one feature: 0..7
        var (x, y) = SeriesWindows.Make(values, 1, 0, lookback: 3, horizon: 2, stride: 2);
        Assert.That(x.shape, Is.EqualTo(new long[] { 2, 3, 1 }));
        Assert.That(x[1].flatten().data<float>().ToArray(), Is.EqualTo(new float[] { 2, 3, 4 }));
        Assert.That(y[1].flatten().data<float>().ToArray(), Is.EqualTo(new float[] { 5, 6 }));
        var (_, many) = SeriesWindows.Make(values, 1, 0, lookback: 3, horizon: 1, target: WindowTarget.ManyToMany);
        Assert.That(many[0].flatten().data<float>().ToArray(), Is.EqualTo(new float[] { 1, 2, 3 }));
        Assert.That(() => SeriesWindows.Make(values, 1, 0, lookback: 6, horizon: 3), Throws.ArgumentException.With.Message.Contains("at least 9"));
    }

    [TestCase(ScalingKind.Standard)]
    [TestCase(ScalingKind.MinMax)]
    public void Scaler_FittedOnTrainOnly_RoundTrips(ScalingKind kind)
    {
        var matrix = new float[] { 1, 10, 2, 20, 3, 30, 100, 1000 }; // [4, 2]; the last row is "test"
        var scaler = Scaler.Fit(matrix, 2, trainRows: 3, kind);
        var scaled = scaler.Transform(matrix);
        if (kind == ScalingKind.MinMax) Assert.That(scaled[..6], Is.EqualTo(new float[] { 0, 0, 0.5f, 0.5f, 1, 1 }).Within(1e-6));
        else Assert.That(scaled[2], Is.EqualTo(0).Within(1e-6), "train mean maps to 0");
        Assert.That(scaler.InverseTransform(scaled), Is.EqualTo(matrix).Within(1e-3));
        Assert.That(scaler.InverseTransform(new[] { (double)scaled[7] }, 1)[0], Is.EqualTo(1000).Within(1e-2));
    }

    [Test]
    public void ChronologicalSplit_LastPartTests()
    {
        var split = ChronologicalSplit.Of(100, 0.1, 0.2);
        Assert.That((split.TrainEnd, split.ValidationEnd), Is.EqualTo((70, 80)));
        Assert.That(() => ChronologicalSplit.Of(10, 0.5, 0.5), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
