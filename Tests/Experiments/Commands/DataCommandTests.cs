using System.Text.Json;
using RnnZoo.Experiments;
using RnnZoo.Tests.Data.Imdb;

namespace RnnZoo.Tests.Experiments.Commands;

[NonParallelizable]
public class DataCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Console.SetOut(o); Console.SetError(e);
        try { return (Program.BuildRootCommand().Parse(args).Invoke(), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    private static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Data", "Fixtures", name);

    [Test]
    public void DataImdb_Json_ReportsCountsVocabularyAndLengths()
    {
        using var fx = new ImdbFixture();
        var (code, output, err) = Run("data", "imdb", "--data-dir", fx.Root, "--maxlen", "6", "--cache-dir", fx.Cache, "--json");
        Assert.That(code, Is.EqualTo(0), err);
        using var doc = JsonDocument.Parse(output);
        var train = doc.RootElement.GetProperty("splits")[0];
        Assert.That(train.GetProperty("reviews").GetInt32(), Is.EqualTo(4));
        Assert.That(train.GetProperty("positive").GetInt32(), Is.EqualTo(2));
        Assert.That(train.GetProperty("share_longer_than_max_len").GetDouble(), Is.EqualTo(1.0));
        Assert.That(doc.RootElement.GetProperty("vocabulary_size").GetInt32(), Is.EqualTo(16));
    }

    [Test]
    public void DataImdb_BadOptionsAndMissingData_AreRefused()
    {
        Assert.That(Run("data", "imdb", "--data-dir", "/nonexistent", "--maxlen", "0").Code, Is.EqualTo(2));
        var (code, _, err) = Run("data", "imdb", "--data-dir", "/nonexistent/imdb-here");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.Contain("/nonexistent/imdb-here").And.Contain("aclImdb_v1.tar.gz"));
    }

    [Test]
    public void DataImdb_InvalidReviewFile_IsOneLineAndExit1_SkipInvalidSkipsItWithTheCount()
    {
        using var fx = new ImdbFixture([("train/pos/5_2.txt", "A fine film\0"u8.ToArray())]);
        var (code, output, err) = Run("data", "imdb", "--data-dir", fx.Archive, "--cache-dir", fx.Cache);
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(err.TrimEnd(), Is.EqualTo($"error: 1 invalid review file in '{fx.Archive}': aclImdb/train/pos/5_2.txt (rating 2 contradicts its folder pos, which holds ratings 7-10). " +
                                               "Fix or remove them, or skip them (--skip-invalid; \"skip_invalid\": true in an experiment file's data; ImdbOptions.SkipInvalid in code)."));
        (code, output, err) = Run("data", "imdb", "--data-dir", fx.Archive, "--cache-dir", fx.Cache, "--skip-invalid");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("skipped 1 invalid review file: aclImdb/train/pos/5_2.txt (rating 2 contradicts"));
        (code, output, err) = Run("data", "imdb", "--data-dir", fx.Archive, "--cache-dir", fx.Cache, "--skip-invalid", "--json");
        Assert.That(code, Is.EqualTo(0), err);
        using var doc = JsonDocument.Parse(output);
        Assert.That(doc.RootElement.GetProperty("from_cache").GetBoolean(), Is.True);
        Assert.That(doc.RootElement.GetProperty("skipped_files").GetInt32(), Is.EqualTo(1));
        Assert.That(doc.RootElement.GetProperty("skipped")[0].GetProperty("path").GetString(), Is.EqualTo("aclImdb/train/pos/5_2.txt"));
        // The cache made while skipping does not let the file through a strict load.
        Assert.That(Run("data", "imdb", "--data-dir", fx.Archive, "--cache-dir", fx.Cache).Code, Is.EqualTo(1));
    }

    [Test]
    public void DataCsv_Text_ListsSeriesWithDateRanges()
    {
        var (code, output, err) = Run("data", "csv", Fixture("stocks-mini.csv"), "--key", "symbol", "--target", "price");
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("2 series").And.Contain("AAA: 3 steps, 2000-01-01 .. 2000-03-01").And.Contain("BBB: 4 steps"));
    }

    [Test]
    public void DataCsv_Json_ReportsMissingValues()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rnnzoo-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "m.csv");
            File.WriteAllText(file, "date,a\n2000-01-01,1\n2000-01-02,\n2000-01-03,3\n");
            var (code, output, err) = Run("data", "csv", file, "--json");
            Assert.That(code, Is.EqualTo(0), err);
            using var doc = JsonDocument.Parse(output);
            Assert.That(doc.RootElement.GetProperty("series")[0].GetProperty("columns")[0].GetProperty("missing").GetInt32(), Is.EqualTo(1));
            var strict = Run("data", "csv", file, "--missing", "error");
            Assert.That(strict.Code, Is.EqualTo(1));
            Assert.That(strict.Err, Does.Contain("line 3"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Test]
    public void DataCsv_ReportsFrequency_MissingPeriods_AndDuplicatedDates()
    {
        var (code, output, err) = Run("data", "csv", Fixture("monthly-gaps.csv"));
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("frequency: monthly; 3 missing periods: 1958-06, 1958-10 .. 1958-11 (2); no duplicated dates"));
        (code, output, err) = Run("data", "csv", Fixture("duplicated-dates.csv"), "--json");
        Assert.That(code, Is.EqualTo(0), err);
        using var doc = JsonDocument.Parse(output);
        var dates = doc.RootElement.GetProperty("series")[0].GetProperty("dates");
        Assert.That(dates.GetProperty("frequency").GetString(), Is.EqualTo("daily"));
        Assert.That(dates.GetProperty("duplicates").EnumerateArray().Select(d => d.GetString()), Is.EqualTo(new[] { "2020-01-03", "2020-01-05" }));
        Assert.That(dates.GetProperty("missing_periods").GetInt32(), Is.Zero);
        (code, output, err) = Run("data", "csv", Fixture("tab.tsv"));
        Assert.That(code, Is.EqualTo(0), err);
        Assert.That(output, Does.Contain("delimiter 'tab'").And.Contain("frequency: weekly"));
        Assert.That(Run("data", "csv", Fixture("tab.tsv"), "--delimiter", "ab").Code, Is.EqualTo(2));
    }
}
