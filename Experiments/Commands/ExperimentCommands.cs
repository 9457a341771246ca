using System.CommandLine;
using System.Text.Json;
using RnnZoo.Experiments.Registry;
using RnnZoo.Experiments.Running;
using RnnZoo.Models;
using RnnZoo.Models.Runtime;
using RnnZoo.Models.Serialization;
using RnnZoo.Training;

namespace RnnZoo.Experiments.Commands;

/// <summary><c>list</c>, <c>run</c> and <c>eval</c>: the experiments of the registry.</summary>
public static class ExperimentCommands
{
    /// <summary><c>rnnzoo list</c>.</summary>
    public static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "Every experiment: its task, its source and its profiles.") { json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(Zoo.All.Select(e => new { e.Name, e.Task, e.Source, profiles = e.Profiles.ToDictionary(p => p.Key, p => p.Value.Epochs), e.Reference }), ExperimentRunner.Json));
                return 0;
            }
            foreach (var e in Zoo.All)
            {
                Console.WriteLine($"{e.Name}  [{e.Task}; profiles: {string.Join(", ", e.Profiles.Select(p => $"{p.Key} {p.Value.Epochs} epochs"))}]");
                Console.WriteLine($"    source: {e.Source}");
            }
            return 0;
        });
        return command;
    }

    /// <summary><c>rnnzoo run NAME</c>.</summary>
    public static Command Run()
    {
        var name = new Argument<string>("name") { Description = "The experiment (see 'rnnzoo list')." };
        var profile = new Option<string>("--profile") { Description = "quick (minutes) or full (the reproduction).", DefaultValueFactory = _ => "quick" };
        profile.AcceptOnlyFromAmong("quick", "full");
        var epochs = new Option<int?>("--epochs") { Description = "Override the profile's epochs." };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, dropout and batch order.", DefaultValueFactory = _ => 0 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder of the real data sets (IMDB: aclImdb/ or aclImdb_v1*.tar.gz, also under imdb/)." };
        var outDir = new Option<string?>("--out") { Description = "Output folder (default runs/NAME/<timestamp>)." };
        var device = new Option<string>("--device") { Description = "cpu or cuda.", DefaultValueFactory = _ => "cpu" };
        var implementation = new Option<string?>("--implementation") { Description = "fused or reference: overrides the model's recurrent implementation." };
        implementation.AcceptOnlyFromAmong("fused", "reference");
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint (pass the same overrides)." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Override the experiment's training batch size." };
        var learningRate = new Option<double?>("--learning-rate") { Description = "Override the experiment's learning rate." };
        var noEarlyStopping = new Option<bool>("--no-early-stopping") { Description = "Train every epoch, even where the experiment stops early." };
        var command = new Command("run", "Train and test an experiment; writes config.json, metrics.jsonl, summary.json, checkpoints and plots.")
        {
            name, profile, epochs, seed, dataDir, outDir, device, implementation, resume, batchSize, learningRate, noEarlyStopping,
        };
        command.SetAction(parse =>
        {
            var experiment = Zoo.Find(parse.GetValue(name)!);
            var impl = parse.GetValue(implementation) switch { "fused" => RecurrentImplementation.Fused, "reference" => (RecurrentImplementation?)RecurrentImplementation.Reference, _ => null };
            if (parse.GetValue(resume) && parse.GetValue(outDir) is null) throw new ArgumentException("--resume needs --out: the folder of the run to continue.");
            ExperimentRunner.Run(experiment, new RunOptions(parse.GetValue(profile)!, parse.GetValue(epochs), parse.GetValue(seed),
                parse.GetValue(dataDir), parse.GetValue(outDir), parse.GetValue(device)!, impl, parse.GetValue(resume),
                BatchSize: parse.GetValue(batchSize), LearningRate: parse.GetValue(learningRate), NoEarlyStopping: parse.GetValue(noEarlyStopping)));
            return 0;
        });
        return command;
    }

    /// <summary><c>rnnzoo predict RUN_DIR (--text ... | --csv FILE)</c>: a trained model on new text or a new CSV.</summary>
    public static Command Predict()
    {
        var run = new Argument<DirectoryInfo>("run") { Description = "A run folder (holds config.json and model.bin)." };
        var text = new Option<string[]>("--text") { Description = "IMDB runs: review text to classify (repeat for several).", Arity = ArgumentArity.OneOrMore };
        var dataDir = new Option<string?>("--data-dir") { Description = "IMDB runs: the IMDB data the run was trained on (its vocabulary)." };
        var csv = new Option<FileInfo?>("--csv") { Description = "Forecasting runs: a CSV with the experiment's columns; forecasts the steps after its last row." };
        var series = new Option<string?>("--series") { Description = "Forecasting runs on a long-format CSV: the series (key value) to forecast (default: the experiment's)." };
        var output = new Option<FileInfo?>("--output") { Description = "Forecasting runs: also write the forecast to this CSV file." };
        var dtype = DtypeOption();
        var command = new Command("predict", "Apply a trained model to new data: review text (IMDB runs, probability of a positive review) or a CSV (forecasting runs).")
        {
            run, text, dataDir, csv, series, output, dtype,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(run)!;
            var (experiment, config) = RunFolder.Read(folder.FullName);
            var texts = parse.GetValue(text);
            var csvFile = parse.GetValue(csv);
            if ((texts is { Length: > 0 }) == (csvFile is not null))
            {
                Console.Error.WriteLine("predict needs either --text (IMDB runs) or --csv (forecasting runs). Run with --help for usage.");
                return 2;
            }
            var model = ExperimentRunner.BuildModel(experiment.Model, config.Seed, config.Implementation);
            ModelFile.Load(model, Path.Combine(folder.FullName, "model.bin"));
            model = LowPrecision.Convert(model, LowPrecision.ParseDtype(parse.GetValue(dtype)!));
            model.eval();
            if (csvFile is not null)
            {
                if (config.Data is not Registry.ForecastData forecastData)
                    throw new ArgumentException($"--csv forecasts a series; '{experiment.Name}' is not a forecasting experiment.");
                var steps = Forecasting.CsvForecast.Forecast(model, forecastData, Forecasting.ForecastScaling.Load(folder.FullName), csvFile.FullName, parse.GetValue(series));
                var lines = new List<string> { $"ahead,date,{forecastData.Target}" };
                lines.AddRange(steps.Select(s => FormattableString.Invariant($"{s.Ahead},{s.Date:yyyy-MM-dd},{s.Value:G6}")));
                foreach (var line in lines) Console.WriteLine(line);
                if (parse.GetValue(output) is { } file) File.WriteAllLines(file.FullName, lines);
                return 0;
            }
            if (config.Data is not Registry.ImdbData imdb)
                throw new ArgumentException($"--text classifies reviews; '{experiment.Name}' is not an IMDB experiment (forecasting runs take --csv; others: use 'rnnzoo eval').");
            var dataDirectory = parse.GetValue(dataDir)
                ?? throw new ArgumentException("--text needs --data-dir: the IMDB data the run was trained on (its vocabulary comes from it).");
            var data = RnnZoo.Data.Imdb.ImdbDataset.Load(RnnZoo.Data.Imdb.AclImdbReader.Locate(dataDirectory), new RnnZoo.Data.Imdb.ImdbOptions(NumWords: imdb.NumWords));
            using var noGrad = TorchSharp.torch.no_grad();
            foreach (var review in texts!)
            {
                var ids = data.EncodeText(review);
                if (ids.Length > imdb.MaxLen) ids = ids[^imdb.MaxLen..]; // pad_sequences' truncating='pre'
                if (ids.Length == 0)
                {
                    Console.WriteLine($"  -   (no words to read)  {review}");
                    continue;
                }
                using var scope = TorchSharp.torch.NewDisposeScope();
                var logits = model.forward(TorchSharp.torch.tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0), TorchSharp.torch.tensor(new long[] { ids.Length }));
                var positive = logits.softmax(1)[0, 1].item<float>();
                Console.WriteLine($"{positive:F3} positive  {(review.Length > 70 ? review[..70] + "..." : review)}");
            }
            return 0;
        });
        return command;
    }

    // --dtype of eval and predict: bfloat16 converts the trained model for inference (LowPrecision.Convert).
    private static Option<string> DtypeOption()
    {
        var dtype = new Option<string>("--dtype")
        {
            Description = "float32, or bf16 (bfloat16): the trained model converted for inference (fast where the processor has AVX-512 BF16 or AMX).",
            DefaultValueFactory = _ => "float32",
        };
        dtype.AcceptOnlyFromAmong("float32", "fp32", "bf16", "bfloat16");
        return dtype;
    }

    /// <summary><c>rnnzoo eval RUN_DIR</c>.</summary>
    public static Command Eval()
    {
        var run = new Argument<DirectoryInfo>("run") { Description = "A run folder (holds config.json and model.bin)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Folder of the real data sets, if the experiment needs them." };
        var dtype = DtypeOption();
        var command = new Command("eval", "Evaluate a trained model on its experiment's test set.") { run, dataDir, dtype };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(run)!;
            var (experiment, config) = RunFolder.Read(folder.FullName);
            var data = DataPreparation.Prepare(config.Data, experiment.Training.BatchSize, config.Seed, parse.GetValue(dataDir));
            var model = ExperimentRunner.BuildModel(experiment.Model, config.Seed, config.Implementation);
            ModelFile.Load(model, Path.Combine(folder.FullName, "model.bin"));
            var precision = LowPrecision.ParseDtype(parse.GetValue(dtype)!);
            var trainer = new Trainer(LowPrecision.Convert(model, precision), new FitOptions(1, experiment.Training.Loss, Progress: ProgressMode.None));
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (loss, metrics) = trainer.Evaluate(data.Test);
            Console.WriteLine($"{experiment.Name}: test loss {loss:F4} " + string.Join(" ", metrics.Select(m => $"{m.Key} {m.Value:F4}")) +
                              $" ({data.Test.SampleCount} samples in {watch.Elapsed.TotalSeconds:F1} s, {RnnZoo.Experiments.Bench.BenchRunner.DtypeName(precision)})");
            return 0;
        });
        return command;
    }
}
