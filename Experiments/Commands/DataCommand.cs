using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RnnZoo.Data.Imdb;
using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Experiments.Commands;

/// <summary>
/// <c>rnnzoo data imdb|csv</c>: look at a data set before training (counts, vocabulary, lengths; series, dates,
/// missing values), as text or <c>--json</c>. Exit codes: 0 success, 1 data problem, 2 invalid options.
/// </summary>
public static class DataCommand
{

    /// <summary>Builds the <c>data</c> command with its <c>imdb</c> and <c>csv</c> sub-commands.</summary>
    public static Command Create()
    {
        var data = new Command("data", "Inspect a data set before training: IMDB (aclImdb layout) or a CSV of time series.");
        data.Subcommands.Add(CreateImdb());
        data.Subcommands.Add(CreateCsv());
        return data;
    }

    private static Command CreateImdb()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "aclImdb directory, aclImdb_v1.tar.gz, or a folder holding one (also under imdb/).", Required = true };
        var numWords = new Option<int?>("--num-words") { Description = "Keras num_words: keep ids below N (reserved ids 0-2 included)." };
        var maxlen = new Option<int>("--maxlen") { Description = "Padded length to report shapes and the share of longer reviews for.", DefaultValueFactory = _ => 500 };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Token cache folder (default: $RNNZOO_DATA, else ~/.cache/rnnzoo)." };
        var noCache = new Option<bool>("--no-cache") { Description = "Tokenise from the source and write no cache." };
        var keepBr = new Option<bool>("--keep-br") { Description = "Keep <br /> as the word 'br' (Keras' word index) instead of removing it." };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Skip review files that are misnamed, contradict their folder's rating, or are not UTF-8 text (binary, empty), reporting their count, instead of refusing the data." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var cmd = new Command("imdb", "Counts per split and label, vocabulary size, review lengths (median, 90th percentile, share longer than maxlen), load time.");
        foreach (var o in new Option[] { dataDir, numWords, maxlen, cacheDir, noCache, keepBr, skipInvalid, json }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            int? n = parse.GetValue(numWords);
            int max = parse.GetValue(maxlen);
            if (max < 1) return Usage($"--maxlen must be at least 1 (got {max}).");
            var options = new ImdbOptions(NumWords: n, HtmlBreaks: parse.GetValue(keepBr) ? HtmlBreakHandling.KeepAsBrToken : HtmlBreakHandling.Strip,
                SkipInvalid: parse.GetValue(skipInvalid));
            try { options.Validate(); }
            catch (ArgumentOutOfRangeException e) { return Usage(e.Message); }
            return Run(() =>
            {
                var d = ImdbDataset.Load(parse.GetValue(dataDir)!, options, parse.GetValue(cacheDir), !parse.GetValue(noCache));
                var report = ImdbReport(d, max);
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, RnnZoo.Data.JsonFormat.Indented));
                else PrintImdb(report);
            });
        });
        return cmd;
    }

    private static Command CreateCsv()
    {
        var file = new Argument<string>("file") { Description = "CSV file with a header line." };
        var dateColumn = new Option<string?>("--date-column") { Description = "Date column (default: a column named date, time, timestamp or datetime)." };
        var target = new Option<string?>("--target") { Description = "Target column (must be numeric)." };
        var key = new Option<string?>("--key") { Description = "Key column of a long-format file (e.g. symbol)." };
        var missing = new Option<string>("--missing") { Description = "report (count missing/non-numeric values), error, drop, ffill or interpolate.", DefaultValueFactory = _ => "report" };
        var delimiter = new Option<string?>("--delimiter") { Description = "Field separator: one character, or 'tab' (default: detected from the header line)." };
        var json = new Option<bool>("--json") { Description = "Machine-readable output." };
        var cmd = new Command("csv", "The series found in a CSV: lengths, date ranges, frequency, missing periods, duplicated dates, missing values per column.");
        cmd.Arguments.Add(file);
        foreach (var o in new Option[] { dateColumn, target, key, missing, delimiter, json }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            MissingValuePolicy policy;
            switch (parse.GetValue(missing))
            {
                case "report": policy = MissingValuePolicy.KeepNaN; break;
                case "error": policy = MissingValuePolicy.Error; break;
                case "drop": policy = MissingValuePolicy.Drop; break;
                case "ffill": policy = MissingValuePolicy.ForwardFill; break;
                case "interpolate": policy = MissingValuePolicy.Interpolate; break;
                default: return Usage($"--missing must be report, error, drop, ffill or interpolate (got '{parse.GetValue(missing)}').");
            }
            char? separator = parse.GetValue(delimiter) switch
            {
                null => null,
                "tab" or "\\t" => '\t',
                { Length: 1 } d => d[0],
                _ => null,
            };
            if (parse.GetValue(delimiter) is { } given && separator is null) return Usage($"--delimiter must be one character or 'tab' (got '{given}').");
            return Run(() =>
            {
                // Duplicated dates are reported, not refused: this command looks at the data before a forecast does.
                var frame = CsvSeriesLoader.Load(parse.GetValue(file)!, new CsvSeriesOptions(
                    DateColumn: parse.GetValue(dateColumn), Target: parse.GetValue(target), KeyColumn: parse.GetValue(key), Missing: policy,
                    Delimiter: separator, Duplicates: DuplicateDatePolicy.KeepAll));
                var report = CsvReport(frame);
                if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(report, RnnZoo.Data.JsonFormat.Indented));
                else PrintCsv(report);
            });
        });
        return cmd;
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 2;
    }

    private static int Run(Action action)
    {
        try { action(); return 0; }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException or KeyNotFoundException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine("error: " + e.Message);
            return 1;
        }
    }

    // ---- IMDB ----

    private sealed record SplitStats(string Split, int Reviews, int Negative, int Positive, double MedianLength, double P90Length, double MeanLength, int MaxLength, double ShareLongerThanMaxLen, long[] PaddedShape);
    private sealed record ImdbStats(string Source, bool FromCache, double LoadSeconds, int? NumWords, int MaxLen, int VocabularySize, int IdCount, string Tokenisation, string[] TopWords, string LengthNote, SplitStats[] Splits,
        int SkippedFiles, InvalidReviewFile[] Skipped);

    private static ImdbStats ImdbReport(ImdbDataset d, int maxlen)
    {
        SplitStats Stats(ImdbSplit s)
        {
            var lengths = s.Sequences.Select(q => (double)q.Length).Order().ToArray();
            return new SplitStats(s.Name, s.Count, s.Labels.Count(l => l == 0), s.Labels.Count(l => l == 1),
                Percentile(lengths, 0.5), Percentile(lengths, 0.9), lengths.Length == 0 ? 0 : lengths.Average(), lengths.Length == 0 ? 0 : (int)lengths[^1],
                lengths.Length == 0 ? 0 : lengths.Count(l => l > maxlen) / (double)lengths.Length, [s.Count, maxlen]);
        }
        return new ImdbStats(d.Source, d.FromCache, Math.Round(d.LoadTime.TotalSeconds, 3), d.Options.NumWords, maxlen, d.Vocabulary.Count, d.IdCount,
            d.Options.HtmlBreaks == HtmlBreakHandling.Strip ? "keras text_to_word_sequence, <br /> removed" : "keras text_to_word_sequence, <br /> kept as 'br'",
            d.Vocabulary.Words.Take(10).ToArray(), "lengths count the start id, as Keras' sequences do", [Stats(d.Train), Stats(d.Test)],
            d.Skipped.Count, d.Skipped.ToArray());
    }

    // Linear interpolation between order statistics (numpy.percentile's default).
    private static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        double pos = p * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static void PrintImdb(ImdbStats r)
    {
        var ci = CultureInfo.InvariantCulture;
        Console.WriteLine($"source: {r.Source}");
        Console.WriteLine($"loaded in {r.LoadSeconds.ToString("0.000", ci)} s ({(r.FromCache ? "token cache" : "read and tokenised")})");
        if (r.SkippedFiles > 0) Console.WriteLine($"skipped {r.SkippedFiles} invalid review file{(r.SkippedFiles == 1 ? "" : "s")}: {InvalidReviewFilesException.List(r.Skipped)}");
        Console.WriteLine($"tokenisation: {r.Tokenisation}");
        Console.WriteLine($"most frequent words: {string.Join(", ", r.TopWords)}");
        Console.WriteLine($"vocabulary: {r.VocabularySize} distinct training words; ids used: {r.IdCount} (num_words {(r.NumWords?.ToString(ci) ?? "all")})");
        Console.WriteLine($"{"split",-6} {"reviews",8} {"neg",7} {"pos",7} {"median",7} {"p90",7} {"mean",7} {"max",6} {">maxlen",8}  padded shape ({r.LengthNote})");
        foreach (var s in r.Splits)
            Console.WriteLine(string.Format(ci, "{0,-6} {1,8} {2,7} {3,7} {4,7:0.#} {5,7:0.#} {6,7:0.0} {7,6} {8,8:0.00%}  [{9}, {10}]",
                s.Split, s.Reviews, s.Negative, s.Positive, s.MedianLength, s.P90Length, s.MeanLength, s.MaxLength, s.ShareLongerThanMaxLen, s.PaddedShape[0], s.PaddedShape[1]));
    }

    // ---- CSV ----

    private sealed record ColumnStats(string Name, int Missing, double Min, double Max);
    private sealed record GapStats(string First, string Last, int Periods);
    private sealed record DateStats(string? Frequency, int MissingPeriods, GapStats[] Gaps, string[] Duplicates, string GapsText, string DuplicatesText);
    private sealed record SeriesStats(string Key, int Length, string? Start, string? End, int DroppedRows, DateStats? Dates, ColumnStats[] Columns);
    private sealed record CsvStats(string Source, string Delimiter, string? DateColumn, string? KeyColumn, string? Target, string[] SkippedColumns, SeriesStats[] Series);

    private const int ListedGaps = 5;

    private static DateStats? Dates(RnnZoo.Data.TimeSeries.TimeSeries s)
    {
        if (s.Dates is null) return null;
        var r = DateReport.Analyze(s.Dates);
        string F(DateTime d) => r.Frequency is { } f ? f.Format(d) : d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new DateStats(r.Frequency?.Name(), r.MissingCount, r.Gaps.Take(ListedGaps).Select(g => new GapStats(F(g.First), F(g.Last), g.Periods)).ToArray(),
            r.Duplicates.Select(F).ToArray(), r.DescribeGaps(ListedGaps), r.DescribeDuplicates(ListedGaps));
    }

    private static CsvStats CsvReport(TimeSeriesFrame f) => new(f.Source, f.Delimiter == '\t' ? "tab" : f.Delimiter.ToString(), f.DateColumn, f.KeyColumn, f.Target, f.SkippedColumns.ToArray(),
        f.Series.Select(s => new SeriesStats(s.Key, s.Length, s.Start?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.End?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), s.DroppedRows,
            Dates(s),
            s.ColumnNames.Select(c =>
            {
                var valid = s[c].Where(double.IsFinite).ToArray();
                return new ColumnStats(c, s.MissingCounts[c], valid.Length == 0 ? double.NaN : valid.Min(), valid.Length == 0 ? double.NaN : valid.Max());
            }).ToArray())).ToArray());

    private static void PrintCsv(CsvStats r)
    {
        var ci = CultureInfo.InvariantCulture;
        Console.WriteLine($"source: {r.Source}");
        Console.WriteLine($"delimiter '{r.Delimiter}'; date column: {r.DateColumn ?? "(none: row order)"}; key column: {r.KeyColumn ?? "(none)"}; target: {r.Target ?? "(none)"}");
        if (r.SkippedColumns.Length > 0) Console.WriteLine($"skipped (not numeric): {string.Join(", ", r.SkippedColumns)}");
        Console.WriteLine($"{r.Series.Length} series");
        foreach (var s in r.Series)
        {
            Console.WriteLine($"  {s.Key}: {s.Length} steps, {s.Start ?? "?"} .. {s.End ?? "?"}" + (s.DroppedRows > 0 ? $", {s.DroppedRows} rows dropped" : ""));
            if (s.Dates is { } d)
                Console.WriteLine($"    frequency: {d.Frequency ?? "none detected (irregular dates)"}; {d.GapsText}; {d.DuplicatesText}");
            foreach (var c in s.Columns)
                Console.WriteLine(string.Format(ci, "    {0,-16} missing {1,5}  min {2,10:0.###}  max {3,10:0.###}", c.Name, c.Missing, c.Min, c.Max));
        }
    }
}
