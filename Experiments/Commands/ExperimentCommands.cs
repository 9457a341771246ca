using System.CommandLine;
using System.Text.Json;
using RnnZoo.Data.TimeSeries;
using RnnZoo.Models;
using RnnZoo.Models.Runtime;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;
using RnnZoo.Training.Forecasting;
using static TorchSharp.torch;
using RnnZoo.Data;

namespace RnnZoo.Experiments.Commands;

/// <summary><c>list</c>, <c>show</c>, <c>run</c>, <c>eval</c> and <c>predict</c>: experiments of the registry or of files, and their run folders.</summary>
public static class ExperimentCommands
{
    /// <summary><c>rnnzoo list</c>.</summary>
    public static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "Every experiment of the registry: its task, its source and its profiles.") { json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(Zoo.All.Select(e => new
                {
                    e.Name, e.Task, e.Source, profiles = new { quick = e.Profiles.Quick.Epochs, full = e.Profiles.Full.Epochs }, e.Reference,
                }), JsonFormat.Indented));
                return 0;
            }
            foreach (var e in Zoo.All)
            {
                Console.WriteLine($"{e.Name}  [{e.Task.ToString().ToLowerInvariant()}; profiles: quick {e.Profiles.Quick.Epochs} epochs, full {e.Profiles.Full.Epochs} epochs]");
                Console.WriteLine($"    source: {e.Source}");
            }
            return 0;
        });
        return command;
    }

    /// <summary><c>rnnzoo show NAME</c>: the experiment as an experiment file.</summary>
    public static Command Show()
    {
        var name = new Argument<string>("name") { Description = "The experiment (see 'rnnzoo list')." };
        var command = new Command("show", "Print a registry experiment as an experiment file (JSON): 'rnnzoo show X > x.json', edit, 'rnnzoo run --config x.json'.") { name };
        command.SetAction(parse =>
        {
            Console.WriteLine(ExperimentFile.ToJson(Find(parse.GetValue(name)!)));
            return 0;
        });
        return command;
    }

    /// <summary><c>rnnzoo run NAME | --config FILE</c>.</summary>
    public static Command Run()
    {
        var name = new Argument<string?>("name") { Description = "The experiment (see 'rnnzoo list'), or none with --config.", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<FileInfo?>("--config") { Description = "An experiment file (JSON, as 'rnnzoo show' prints it), or a run's config.json." };
        var options = new RunCommandOptions();
        var command = new Command("run", "Train and test an experiment; writes config.json, metrics.jsonl, checkpoints, tensorboard/, model.bin, plots and summary.json.")
        {
            name, config,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var (given, file) = (parse.GetValue(name), parse.GetValue(config));
            if ((given is null) == (file is null)) throw new UsageException("run needs an experiment: a registry name (see 'rnnzoo list') or --config FILE, not both.");
            var experiment = file is null ? Find(given!) : ExperimentFile.LoadExperiment(file.FullName);
            return RunCommandOptions.Execute(experiment, Checked(options.Settings(parse, file?.FullName)));
        });
        return command;
    }

    /// <summary><c>rnnzoo eval RUN_DIR</c>.</summary>
    public static Command Eval()
    {
        var run = new Argument<DirectoryInfo>("run") { Description = "A run folder (holds config.json and model.bin, model.pt or model.safetensors)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder of the real data sets, if the experiment needs them (default: where the run read them)." };
        var weights = new RunModelOptions();
        var dtype = DtypeOption();
        var command = new Command("eval", "Evaluate a trained model on its experiment's test set (text data is read with the run's own vocabulary).") { run, dataDir, dtype };
        weights.AddTo(command);
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(run)!.FullName;
            var config = RunFolder.ReadConfig(folder);
            var precision = LowPrecision.ParseDtype(parse.GetValue(dtype)!);
            var result = ExperimentRunner.Evaluate(folder, parse.GetValue(dataDir) is { } d ? Path.GetFullPath(d) : null, weights.Path(parse), weights.PrefixMap(parse), precision);
            Console.WriteLine($"{config.Experiment.Name}: test loss {result.Loss:F4} " + string.Join(" ", result.Metrics.Select(m => $"{m.Key} {m.Value:F4}")) +
                              FormattableString.Invariant($" ({result.Samples} samples in {result.Seconds:F1} s, {LowPrecision.Name(precision)})"));
            return 0;
        });
        return command;
    }

    // --dtype of eval and predict: bfloat16 converts the trained model for inference (LowPrecision.Convert).
    private static Option<string> DtypeOption()
    {
        var dtype = new Option<string>("--dtype")
        {
            Description = "float32, or bf16 (bfloat16): the trained model converted for inference (faster only where the processor has AVX-512 BF16 or AMX; see 'rnnzoo doctor').",
            DefaultValueFactory = _ => "float32",
        };
        dtype.AcceptOnlyFromAmong("float32", "fp32", "bf16", "bfloat16");
        return dtype;
    }

    /// <summary><c>rnnzoo predict RUN_DIR (--text ... | --csv FILE)</c>: a trained model on new text or a new CSV.</summary>
    public static Command Predict()
    {
        var run = new Argument<DirectoryInfo>("run") { Description = "A run folder (holds config.json and model.bin, model.pt or model.safetensors)." };
        var text = new Option<string[]>("--text") { Description = "Text runs (IMDB, classify): text to classify (repeat for several).", Arity = ArgumentArity.OneOrMore };
        var csv = new Option<FileInfo?>("--csv") { Description = "Forecasting runs: a CSV with the run's columns; forecasts the steps after its last row." };
        var series = new Option<string?>("--series") { Description = "Forecasting runs on a long-format CSV: the series (key value) to forecast (default: the run's)." };
        var output = new Option<FileInfo?>("--output") { Description = "Forecasting runs: also write the forecast to this CSV file." };
        var onnx = new Option<FileInfo?>("--onnx") { Description = "Run this ONNX export of the run's model (rnnzoo export) under ONNX Runtime instead of TorchSharp, on the same inputs." };
        var weights = new RunModelOptions();
        var dtype = DtypeOption();
        var command = new Command("predict", "Apply a trained model to new data: text (text runs: the class probabilities) or a CSV (forecasting runs).")
        {
            run, text, csv, series, output, onnx, dtype,
        };
        weights.AddTo(command);
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(run)!.FullName;
            var config = RunFolder.ReadConfig(folder);
            var texts = parse.GetValue(text);
            var csvFile = parse.GetValue(csv);
            if ((texts is { Length: > 0 }) == (csvFile is not null))
                throw new UsageException("predict needs either --text (text runs) or --csv (forecasting runs).");
            var precision = LowPrecision.ParseDtype(parse.GetValue(dtype)!);
            if (parse.GetValue(onnx) is not null && precision != ScalarType.Float32)
                throw new UsageException("--dtype converts the TorchSharp model; an --onnx export runs as it was exported.");
            using var model = parse.GetValue(onnx) is { } onnxFile
                ? new Onnx.OnnxRuntimeModel(onnxFile.FullName)
                : LowPrecision.Convert(weights.Load(parse, folder, config), precision);
            if (csvFile is not null) return PredictCsv(model, config, folder, csvFile.FullName, parse.GetValue(series), parse.GetValue(output)?.FullName);
            return PredictText(model, config, folder, texts!);
        });
        return command;
    }

    private static int PredictCsv(SequenceModel model, RunConfig config, string folder, string csv, string? series, string? output)
    {
        if (config.Data is not ForecastData forecastData)
            throw new UsageException($"--csv forecasts a series; '{config.Experiment.Name}' is not a forecasting run (text runs take --text).");
        var spec = forecastData.Forecast with { Series = series ?? forecastData.Forecast.Series };
        var scaler = ScalerFile.Load(folder).ScalerFor(spec);
        var steps = Forecaster.ForecastAfterEnd(model, ForecastSeries.Load(csv, spec, scaler));
        var lines = new List<string> { $"ahead,date,{spec.Target}" };
        lines.AddRange(steps.Select(s => FormattableString.Invariant($"{s.Ahead},{s.Date:yyyy-MM-dd},{s.Value:G6}")));
        foreach (var line in lines) Console.WriteLine(line);
        if (output is not null) File.WriteAllLines(output, lines);
        return 0;
    }

    private static int PredictText(SequenceModel model, RunConfig config, string folder, IReadOnlyList<string> texts)
    {
        var maxLen = config.Data switch
        {
            ImdbData imdb => imdb.MaxLen,
            TextData t => t.MaxLen,
            _ => throw new UsageException($"--text classifies text; '{config.Experiment.Name}' is not a text run (forecasting runs take --csv; others: use 'rnnzoo eval')."),
        };
        var encoder = RunFolder.ReadEncoder(folder)
            ?? throw new InvalidDataException($"'{folder}' has no {RnnZoo.Data.Text.TextEncoder.FileName}: the run's vocabulary is missing, so its text cannot be encoded as in training.");
        var labels = RunFolder.ReadLabels(folder) ?? Enumerable.Range(0, 2).Select(k => $"class {k}").ToArray();
        using var noGrad = no_grad();
        foreach (var review in texts)
        {
            var encoded = encoder.Encode(review);
            var shown = review.Length > 70 ? review[..70] + "..." : review;
            if (encoded.KnownWords == 0)
            {
                Console.WriteLine($"  -   no known words: the model has nothing to read ({encoded.Words} words, none in its vocabulary)  {shown}");
                continue;
            }
            var ids = encoded.Ids;
            var truncated = ids.Length > maxLen;
            if (truncated) ids = ids[^maxLen..]; // pad_sequences' truncating='pre', as in training
            using var scope = NewDisposeScope();
            var probabilities = model.forward(tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0), tensor(new long[] { ids.Length })).softmax(1)[0]
                .to(ScalarType.Float64).data<double>().ToArray();
            var best = Array.IndexOf(probabilities, probabilities.Max());
            var all = labels.Count == 2 ? "" : "  (" + string.Join(", ", labels.Select((l, k) => $"{l} {probabilities[k]:F3}")) + ")";
            Console.WriteLine($"{probabilities[best]:F3} {labels[best]}{all}  {shown}" +
                              (truncated ? $"  [truncated: {encoded.Ids.Length} ids, the model read the last {maxLen}]" : ""));
        }
        return 0;
    }

    /// <summary>A registry experiment by name; an unknown name is bad usage.</summary>
    public static Experiment Find(string name)
    {
        try { return Zoo.Find(name); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
    }

    /// <summary>The settings, checked before anything runs: a bad value is bad usage.</summary>
    public static RunSettings Checked(RunSettings settings)
    {
        try { return settings.Validate(); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
    }
}
