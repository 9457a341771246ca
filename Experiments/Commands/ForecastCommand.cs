using System.CommandLine;
using RnnZoo.Data.TimeSeries;
using RnnZoo.Models;
using RnnZoo.Models.Initialization;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Tasks;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Experiments.Commands;

/// <summary>
/// <c>rnnzoo forecast FILE --target COL ...</c>: a forecasting experiment made from any CSV (written as the run's
/// config.json, or with <c>--save-config</c> as an experiment file), trained with early stopping on the validation part
/// and scored by rolling origin against the baselines, as the zoo's forecasting experiments are.
/// </summary>
public static class ForecastCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The CSV file (a header line; dates in a column named date/time/timestamp or --date-column)." };
        var target = new Option<string>("--target") { Description = "The column to forecast (numeric).", Required = true };
        var dateColumn = new Option<string?>("--date-column") { Description = "The date column (default: one named date, time, timestamp or datetime)." };
        var features = new Option<string?>("--features") { Description = "Other columns the model reads, comma-separated (standardised)." };
        var key = new Option<string?>("--key") { Description = "Key column of a long-format file (several series), with --series." };
        var series = new Option<string?>("--series") { Description = "The series (key value) to forecast." };
        var lookback = CliValues.WholeNumber("--lookback", "Steps the model reads (default from the frequency: monthly 24, daily 30 or 28, hourly 48).", minimum: 1);
        var horizon = CliValues.WholeNumber("--horizon", "Steps forecast (default from the frequency: monthly 12, daily 7, hourly 24).", minimum: 1);
        var season = CliValues.WholeNumber("--season", "Seasonal period in steps (default from the frequency: monthly 12, daily 365 or 7, hourly 24).", minimum: 1);
        var gaps = new Option<string?>("--gaps") { Description = "Missing periods: error (default), interpolate, ffill, or ignore (rows as steps)." };
        gaps.AcceptOnlyFromAmong("error", "interpolate", "ffill", "ignore");
        var delimiter = new Option<string?>("--delimiter") { Description = "Field separator (default: detected; 'tab' for a tab)." };
        var model = new Option<string>("--model") { Description = "lstm (default), gru or rnn.", DefaultValueFactory = _ => "lstm" };
        model.AcceptOnlyFromAmong("lstm", "gru", "rnn");
        var hidden = CliValues.WholeNumber("--hidden", "Units of the recurrent layer.", defaultValue: 32, minimum: 1);
        var saveConfig = new Option<FileInfo?>("--save-config") { Description = "Also write the experiment to this file (run it again with 'rnnzoo run --config FILE')." };
        var options = new RunCommandOptions();
        var command = new Command("forecast", "Train a forecaster on a CSV series of your own and score it against naive, seasonal naive, drift, climatology and Holt-Winters.")
        {
            file, target, dateColumn, features, key, series, lookback, horizon, season, gaps, delimiter, model, hidden, saveConfig,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!.FullName;
            var spec = new ForecastSpec(parse.GetValue(target)!,
                Features: parse.GetValue(features)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                DateColumn: parse.GetValue(dateColumn), Key: parse.GetValue(key), Series: parse.GetValue(series),
                Gaps: parse.GetValue(gaps) switch { "interpolate" => GapPolicy.Interpolate, "ffill" => GapPolicy.ForwardFill, "ignore" => GapPolicy.Ignore, _ => GapPolicy.Error },
                Delimiter: Delimiter(parse.GetValue(delimiter)));
            try { spec.Validate(); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            var experiment = Build(path, spec, parse.GetValue(lookback), parse.GetValue(horizon), parse.GetValue(season),
                parse.GetValue(model) switch { "gru" => RnnKind.Gru, "rnn" => RnnKind.Rnn, _ => RnnKind.Lstm }, parse.GetValue(hidden));
            if (parse.GetValue(saveConfig) is { } configFile)
            {
                ExperimentFile.Write(configFile.FullName, ExperimentFile.ToJson(experiment));
                Console.WriteLine($"experiment written to {configFile.FullName}");
            }
            return RunCommandOptions.Execute(experiment, ExperimentCommands.Checked(options.Settings(parse)));
        });
        return command;
    }

    /// <summary>
    /// The forecasting experiment for <paramref name="spec"/> on <paramref name="csv"/>: season, lookback and horizon from the
    /// dates' frequency unless given; an LSTM/GRU/RNN with Keras' initialisers; Adam 1e-3, batch 32, early stopping on
    /// the validation loss (patience 20, best weights kept); quick 10 epochs, full 300.
    /// </summary>
    public static Experiment Build(string csv, ForecastSpec spec, int? lookback, int? horizon, int? season, RnnKind kind, int hidden)
    {
        var frame = CsvSeriesLoader.Load(csv, spec.CsvOptions());
        var series = spec.Series is null ? frame.Series[0] : frame[spec.Series];
        var resolved = ForecastDefaults.For(series).ApplyTo(spec);
        resolved = resolved with
        {
            Lookback = lookback ?? resolved.Lookback,
            Horizon = horizon ?? resolved.Horizon,
            Season = season ?? resolved.Season,
        };
        resolved.Validate();
        var name = "forecast-" + Slug(Path.GetFileNameWithoutExtension(csv)) + "-" + Slug(spec.Target);
        var model = new RegressorModel(new SequenceRegressorSpec(new RecurrentSpec(kind, resolved.InputSize, hidden), Horizon: resolved.Horizon, Init: InitScheme.Keras));
        return new Experiment(name, TaskKind.Regression,
            $"rnnzoo forecast {Path.GetFileName(csv)} --target {spec.Target}",
            $"A {kind.ToString().ToUpperInvariant()}({hidden}) reads {resolved.Lookback} steps of {string.Join(", ", resolved.Columns)} and forecasts {spec.Target} " +
            $"over the next {resolved.Horizon}; rolling origin over the last {resolved.TestFraction:P0} against naive, seasonal naive ({resolved.Season}), drift" +
            (resolved.Climatology ? ", climatology" : "") + " and Holt-Winters.",
            new ForecastData(Path.GetFullPath(csv), resolved), model,
            new TrainingSpec(LossKind.Mse, new OptimizerSpec(OptimizerKind.Adam, 1e-3), BatchSize: 32, EarlyStopping: new EarlyStoppingSpec(Patience: 20)),
            new Profiles(new Profile(10), new Profile(300)),
            Reference: "MASE below 1 beats the in-sample seasonal-naive forecast; compare with the baselines");
    }

    private static char? Delimiter(string? text) => text switch
    {
        null => null,
        "tab" or "\\t" => '\t',
        { Length: 1 } one => one[0],
        _ => throw new UsageException($"--delimiter: expected one character (or 'tab'), got '{text}'."),
    };

    /// <summary>A name part made of lower-case letters, digits and '-'.</summary>
    internal static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "data" : slug;
    }
}
