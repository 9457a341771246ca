using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Tests.Data.TimeSeries;

public class CsvSeriesLoaderTests
{
    private static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Fixtures", name);

    private string _dir = null!;

    [SetUp] public void Setup() { _dir = Path.Combine(Path.GetTempPath(), "rnnzoo-csv-" + Guid.NewGuid().ToString("N")); Directory.CreateDirectory(_dir); }
    [TearDown] public void TearDown() => Directory.Delete(_dir, true);

    private string Write(string text) { var p = Path.Combine(_dir, "t.csv"); File.WriteAllText(p, text); return p; }

    [Test]
    public void LongFormat_SplitsByKey_SortsByDate_ParsesMonthNames()
    {
        var frame = CsvSeriesLoader.Load(Fixture("stocks-mini.csv"), new CsvSeriesOptions(KeyColumn: "symbol", Target: "price"));
        Assert.That(frame.Series.Select(s => s.Key), Is.EqualTo(new[] { "AAA", "BBB" }));
        var aaa = frame["AAA"];
        Assert.That(aaa.Dates, Is.EqualTo(new[] { new DateTime(2000, 1, 1), new DateTime(2000, 2, 1), new DateTime(2000, 3, 1) }));
        Assert.That(aaa["price"], Is.EqualTo(new[] { 10.5, 11.25, 12.0 }));
        Assert.That(frame["BBB"].Length, Is.EqualTo(4));
        Assert.That(frame.DateColumn, Is.EqualTo("date"));
    }

    [Test]
    public void IsoDates_NumericColumnsFound_CategoryColumnSkipped()
    {
        var frame = CsvSeriesLoader.Load(Fixture("weather-mini.csv"), new CsvSeriesOptions(Target: "temp_max"));
        var s = frame.Series.Single();
        Assert.That(s.ColumnNames, Is.EqualTo(new[] { "temp_max", "precipitation", "temp_min", "wind" }));
        Assert.That(frame.SkippedColumns, Is.EqualTo(new[] { "weather" }));
        Assert.That(s.Start, Is.EqualTo(new DateTime(2012, 1, 1)));
        Assert.That(s.End, Is.EqualTo(new DateTime(2012, 1, 6)));
    }

    [Test]
    public void MissingValue_IsAnError_NamingLineAndColumn()
    {
        var p = Write("date,a,b\n2000-01-01,1,2\n2000-01-02,,3\n");
        var e = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(p));
        Assert.That((e!.Line, e.Column, e.ColumnNumber), Is.EqualTo((3, "a", 2)));
        Assert.That(e.Message, Does.Contain("line 3").And.Contain("column 'a'").And.Contain("fill policy"));
    }

    [Test]
    public void NonNumericValue_IsAnError_NamingLineAndColumn()
    {
        var p = Write("date,a\n2000-01-01,1\n2000-01-02,2\n2000-01-03,oops\n");
        var e = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(p));
        Assert.That((e!.Line, e.Column), Is.EqualTo((4, "a")));
        Assert.That(e.Message, Does.Contain("'oops' is not a number"));
    }

    [Test]
    public void BadDate_AndWrongFieldCount_NameTheLine()
    {
        var bad = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(Write("date,a\n2000-01-01,1\n31.12.2000,2\n")));
        Assert.That((bad!.Line, bad.Column), Is.EqualTo((3, "date")));
        var fields = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(Write("date,a\n2000-01-01,1,9\n")));
        Assert.That(fields!.Line, Is.EqualTo(2));
    }

    [TestCase(MissingValuePolicy.ForwardFill, new[] { 1.0, 1.0, 1.0, 4.0, 4.0 })]
    [TestCase(MissingValuePolicy.Interpolate, new[] { 1.0, 2.0, 3.0, 4.0, 4.0 })]
    public void FillPolicies(MissingValuePolicy policy, double[] expected)
    {
        var p = Write("date,a\n2000-01-01,1\n2000-01-02,NA\n2000-01-03,\n2000-01-04,4\n2000-01-05,x\n");
        var s = CsvSeriesLoader.Load(p, new CsvSeriesOptions(Missing: policy)).Series.Single();
        Assert.That(s["a"], Is.EqualTo(expected));
        Assert.That(s.MissingCounts["a"], Is.EqualTo(3));
    }

    [Test]
    public void DropPolicy_RemovesRows()
    {
        var p = Write("date,a\n2000-01-01,1\n2000-01-02,NA\n2000-01-03,3\n");
        var s = CsvSeriesLoader.Load(p, new CsvSeriesOptions(Missing: MissingValuePolicy.Drop)).Series.Single();
        Assert.That(s["a"], Is.EqualTo(new[] { 1.0, 3.0 }));
        Assert.That(s.DroppedRows, Is.EqualTo(1));
    }

    [Test]
    public void QuotedFields_AreUnderstood()
    {
        var s = CsvSeriesLoader.Load(Write("date,\"a\"\n\"Jan 1, 2000\",\"1.5\"\n")).Series.Single();
        Assert.That(s["a"], Is.EqualTo(new[] { 1.5 }));
        Assert.That(s.Start, Is.EqualTo(new DateTime(2000, 1, 1)));
    }

    [Test]
    public void MissingFileAndUnknownColumn_SayWhatIsExpected()
    {
        var e = Assert.Throws<FileNotFoundException>(() => CsvSeriesLoader.Load(Path.Combine(_dir, "none.csv")));
        Assert.That(e!.Message, Does.Contain("none.csv"));
        var c = Assert.Throws<ArgumentException>(() => CsvSeriesLoader.Load(Fixture("weather-mini.csv"), new CsvSeriesOptions(Target: "temp")));
        Assert.That(c!.Message, Does.Contain("temp_max"));
    }
}
