using RnnZoo.Tests.Support;
using RnnZoo.Data.Csv;
using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Tests.Data.TimeSeries;

public class CsvSeriesLoaderTests : TempFolderTests
{
    private static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Fixtures", name);

    private string Write(string text) { var p = Path.Combine(Dir, "t.csv"); File.WriteAllText(p, text); return p; }

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
        var e = Assert.Throws<FileNotFoundException>(() => CsvSeriesLoader.Load(Path.Combine(Dir, "none.csv")));
        Assert.That(e!.Message, Does.Contain("none.csv"));
        var c = Assert.Throws<ArgumentException>(() => CsvSeriesLoader.Load(Fixture("weather-mini.csv"), new CsvSeriesOptions(Target: "temp")));
        Assert.That(c!.Message, Does.Contain("temp_max"));
    }

    [Test]
    public void QuotedFields_OverSeveralLines_AreOneField_AndLineNumbersCountPhysicalLines()
    {
        var frame = CsvSeriesLoader.Load(Fixture("quoted-multiline.csv"), new CsvSeriesOptions(Target: "value"));
        var s = frame.Series.Single();
        Assert.That(s["value"], Is.EqualTo(new[] { 1.5, 2.5, 3.5 }));
        Assert.That(frame.SkippedColumns, Is.EqualTo(new[] { "note" }));
        // The record of 2020-01-02 spans lines 3-4, so the next record is line 5.
        var bad = File.ReadAllText(Fixture("quoted-multiline.csv")).Replace("3.5", "x");
        var e = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(Write(bad), new CsvSeriesOptions(Target: "value")));
        Assert.That((e!.Line, e.Column, e.ColumnNumber), Is.EqualTo((5, "value", 3)));
    }

    [TestCase("semicolon.csv", ';')]
    [TestCase("tab.tsv", '\t')]
    [TestCase("weather-mini.csv", ',')]
    public void Delimiter_IsDetectedFromTheHeader(string fixture, char expected)
    {
        var frame = CsvSeriesLoader.Load(Fixture(fixture));
        Assert.That(frame.Delimiter, Is.EqualTo(expected));
        Assert.That(frame.Series[0].Length, Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public void Semicolon_AndTab_ReadTheValues_AndAGivenDelimiterWins()
    {
        var semicolon = CsvSeriesLoader.Load(Fixture("semicolon.csv"), new CsvSeriesOptions(Target: "price")).Series.Single();
        Assert.That(semicolon.ColumnNames, Is.EqualTo(new[] { "price", "volume" }));
        Assert.That(semicolon["price"], Is.EqualTo(new[] { 10.5, 11.25, 12 }));
        var tab = CsvSeriesLoader.Load(Fixture("tab.tsv")).Series.Single();
        Assert.That(tab["price"], Is.EqualTo(new[] { 1.0, 2, 3 }));
        Assert.That(tab.Dates![1], Is.EqualTo(new DateTime(2020, 1, 13)));
        // Read with ',' the semicolon file has one column named "date;price;volume": no date column, nothing numeric.
        Assert.That(() => CsvSeriesLoader.Load(Fixture("semicolon.csv"), new CsvSeriesOptions(Delimiter: ',')),
            Throws.ArgumentException.With.Message.Contains("no numeric column"));
    }

    [Test]
    public void ByteOrderMark_AndCrLf_AreRead()
    {
        var p = Path.Combine(Dir, "bom.csv");
        // UTF-8 BOM, CRLF line ends, a blank line and a quoted field with a CRLF inside.
        File.WriteAllBytes(p, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("date,note,a\r\n2000-01-01,x,1\r\n\r\n2000-01-02,\"two\r\nlines\",2\r\n2000-01-03,y,oops\r\n")]);
        var e = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(p, new CsvSeriesOptions(Target: "a")));
        Assert.That((e!.Line, e.Column), Is.EqualTo((6, "a")), "the header is 'date', not '\uFEFFdate'; line 6 after a blank line and a two-line field");
        File.WriteAllBytes(p, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes("date,a\r\n2000-01-01,1\r\n2000-01-02,2\r\n")]);
        var frame = CsvSeriesLoader.Load(p);
        Assert.That(frame.DateColumn, Is.EqualTo("date"));
        Assert.That(frame.Series.Single()["a"], Is.EqualTo(new[] { 1.0, 2 }));
    }

    [Test]
    public void UnclosedQuote_AndDuplicateHeader_AndEmptyFile_NameTheLine()
    {
        var unclosed = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(Write("date,note,a\n2000-01-01,x,1\n2000-01-02,\"open,2\n2000-01-03,y,3\n")));
        Assert.That(unclosed!.Line, Is.EqualTo(3));
        Assert.That(unclosed.Message, Does.Contain("not closed"));
        var twice = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(Write("date,a,a\n2000-01-01,1,2\n")));
        Assert.That(twice!.Line, Is.EqualTo(1));
        Assert.That(twice.Message, Does.Contain("'a'"));
        Assert.That(() => CsvSeriesLoader.Load(Write("")), Throws.TypeOf<CsvFormatException>().With.Message.Contains("empty"));
        Assert.That(() => CsvSeriesLoader.Load(Write("date,a\n")), Throws.TypeOf<CsvFormatException>().With.Message.Contains("no data rows"));
    }

    [Test]
    public void DuplicatedDates_AreAnError_NamingDatesAndLines()
    {
        var e = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(Fixture("duplicated-dates.csv")));
        Assert.That((e!.Line, e.Column), Is.EqualTo((5, "date")), "the first repeat");
        Assert.That(e.Message, Does.Contain("2 dates appear more than once: 2020-01-03 (lines 4, 5); 2020-01-05 (lines 7, 8, 9)"));
    }

    [TestCase(DuplicateDatePolicy.KeepFirst, new[] { 1.0, 2, 3, 4, 5 })]
    [TestCase(DuplicateDatePolicy.KeepLast, new[] { 1.0, 2, 30, 4, 500 })]
    [TestCase(DuplicateDatePolicy.KeepAll, new[] { 1.0, 2, 3, 30, 4, 5, 50, 500 })]
    public void DuplicatedDates_Policies(DuplicateDatePolicy policy, double[] expected)
    {
        var s = CsvSeriesLoader.Load(Fixture("duplicated-dates.csv"), new CsvSeriesOptions(Duplicates: policy)).Series.Single();
        Assert.That(s["value"], Is.EqualTo(expected));
    }

    [Test]
    public void DuplicatedDates_AreCountedPerSeries_InLongFormat()
    {
        // The same date in two series is no duplicate; twice in one series is, and the error names the series.
        var ok = CsvSeriesLoader.Load(Fixture("stocks-mini.csv"), new CsvSeriesOptions(KeyColumn: "symbol"));
        Assert.That(ok.Series, Has.Count.EqualTo(2));
        var e = Assert.Throws<CsvFormatException>(() => CsvSeriesLoader.Load(Write("symbol,date,p\nA,2000-01-01,1\nB,2000-01-01,2\nA,2000-01-01,3\n"),
            new CsvSeriesOptions(KeyColumn: "symbol")));
        Assert.That(e!.Message, Does.Contain("series 'A'").And.Contain("lines 2, 4"));
    }
}
