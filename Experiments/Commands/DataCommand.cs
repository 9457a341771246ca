using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using RnnZoo.Data.Imdb;
using RnnZoo.Data.Sequences;
using RnnZoo.Data.TimeSeries;

namespace RnnZoo.Experiments.Commands;

/// <summary><c>rnnzoo data</c>: look at a data set before training on it.</summary>
public static class DataCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Creates the command with its <c>imdb</c> and <c>csv</c> sub-commands.</summary>
    public static Command Create()
    {
        var command = new Command("data", "Check a data set before training: counts, vocabulary, lengths, series found.");
        command.Subcommands.Add(Imdb());
        command.Subcommands.Add(Csv());
        return command;
    }

    private static Command Imdb()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The aclImdb folder, an aclImdb_v1*.tar.gz, or a folder holding either (also in imdb/).", Required = true };
        var numWords = new Option<int?>("--num-words") { Description = "Keras' num_words: ids at or above become out-of-vocabulary (default 10000).", DefaultValueFactory = _ => 10000 };
        var maxLen = new Option<int?>("--maxlen") { Description = "Length cap to report on (default 500).", DefaultValueFactory = _ => 500 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("imdb", "Counts per split and label, vocabulary size and length statistics of IMDB.") { dataDir, numWords, maxLen, json };
        command.SetAction(parse =>
        {
            var max = parse.GetValue(maxLen);
            var options = new ImdbOptions(NumWords: parse.GetValue(numWords)).Validate();
            if (max is <= 0) throw new ArgumentException($"--maxlen must be positive, got {max}.");
            var watch = Stopwatch.StartNew();
            var data = ImdbDataset.Load(ImdbSource.Resolve(parse.GetValue(dataDir)!), options);
            var seconds = watch.Elapsed.TotalSeconds;
            object Split(ImdbSplitData s) => new
            {
                reviews = s.Count,
                positive = s.Labels.Count(l => l == 1),
                negative = s.Labels.Count(l => l == 0),
                lengths = LengthStatistics.Of(s.Sequences.Select(q => q.Length), max),
            };
            var report = new
            {
                source = ImdbSource.Resolve(parse.GetValue(dataDir)!),
                words_in_training_vocabulary = data.Words.Length,
                vocabulary_size = data.VocabularySize,
                num_words = options.NumWords,
                maxlen = max,
                train = Split(data.Train),
                test = Split(data.Test),
                load_seconds = Math.Round(seconds, 2),
            };
            if (parse.GetValue(json)) { Console.WriteLine(JsonSerializer.Serialize(report, Json)); return 0; }
            Console.WriteLine($"IMDB from {report.source} (loaded in {seconds:F1} s)");
            Console.WriteLine($"vocabulary: {data.Words.Length} distinct training words; ids in use with num_words={options.NumWords}: {data.VocabularySize}");
            foreach (var (name, s) in new[] { ("train", data.Train), ("test", data.Test) })
            {
                var st = LengthStatistics.Of(s.Sequences.Select(q => q.Length), max);
                Console.WriteLine($"{name}: {s.Count} reviews ({s.Labels.Count(l => l == 1)} positive, {s.Labels.Count(l => l == 0)} negative); " +
                                  $"length (start id included) median {st.Median:F0}, 90th percentile {st.Percentile90:F0}, max {st.Max}, " +
                                  $"longer than {max}: {st.ShareLongerThanMaxLen:P1}");
            }
            return 0;
        });
        return command;
    }

    private static Command Csv()
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV file with a header row." };
        var dateColumn = new Option<string?>("--date-column") { Description = "Date column (default: 'date' when present)." };
        var target = new Option<string?>("--target") { Description = "Target column (default: every numeric column is reported)." };
        var key = new Option<string?>("--key") { Description = "Key column that splits a long-format file into series (e.g. symbol)." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var command = new Command("csv", "The series found in a CSV file, with their lengths, date ranges and missing values.") { file, dateColumn, target, key, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new FileNotFoundException($"No CSV file at '{path.FullName}'.", path.FullName);
            var options = new CsvSeriesOptions(DateColumn: parse.GetValue(dateColumn), KeyColumn: parse.GetValue(key),
                TargetColumn: parse.GetValue(target), Missing: MissingValuePolicy.Keep);
            var series = CsvSeriesLoader.Load(path.FullName, options);
            var report = series.Select(s => new
            {
                name = s.Name,
                length = s.Length,
                first = s.Dates.Length > 0 ? s.Dates[0].ToString("yyyy-MM-dd") : null,
                last = s.Dates.Length > 0 ? s.Dates[^1].ToString("yyyy-MM-dd") : null,
                columns = s.Columns.Select((c, i) => new { column = c, missing = s.Values[i].Count(double.IsNaN) }).ToArray(),
            }).ToArray();
            if (parse.GetValue(json)) { Console.WriteLine(JsonSerializer.Serialize(report, Json)); return 0; }
            Console.WriteLine($"{path.Name}: {report.Length} series");
            foreach (var s in report)
                Console.WriteLine($"  {s.name}: {s.length} rows, {s.first} .. {s.last}; missing: " +
                                  string.Join(", ", s.columns.Select(c => $"{c.column} {c.missing}")));
            return 0;
        });
        return command;
    }
}
