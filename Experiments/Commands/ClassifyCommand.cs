using System.CommandLine;
using RnnZoo.Models;
using RnnZoo.Models.Initialization;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Tasks;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Experiments.Commands;

/// <summary>
/// <c>rnnzoo classify SOURCE ...</c>: a text-classification experiment made from a collection of one's own (a CSV of
/// text and label, or a folder of label sub-folders), with Keras' tokeniser conventions, a seeded stratified split, and
/// the vocabulary and class names saved in the run folder for <c>predict --text</c>.
/// </summary>
public static class ClassifyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = "A CSV file (text and label columns) or a folder with one sub-folder per label (one document per file)." };
        var textColumn = new Option<string>("--text-column") { Description = "CSV: the text column.", DefaultValueFactory = _ => "text" };
        var labelColumn = new Option<string>("--label-column") { Description = "CSV: the label column.", DefaultValueFactory = _ => "label" };
        var test = new Option<string?>("--test") { Description = "A separate test collection (same layout); default: a stratified --test-split of SOURCE." };
        var validationSplit = CliValues.Fraction("--validation-split", "Share of each label that validates.", 0.2);
        var testSplit = CliValues.Fraction("--test-split", "Share of each label that tests (without --test).", 0.2);
        var numWords = CliValues.WholeNumber("--num-words", "Keras' num_words: ids below it are kept (the 3 reserved ids count).", defaultValue: 10000, minimum: 4);
        var maxLen = CliValues.WholeNumber("--maxlen", "Longer texts keep their last maxlen ids.", defaultValue: 500, minimum: 1);
        var splitSeed = CliValues.WholeNumber("--split-seed", "Seed of the stratified split (the same split for every run).", defaultValue: 0, minimum: int.MinValue);
        var exclude = new Option<string[]>("--exclude-label") { Description = "Folder: a label sub-folder to leave out (e.g. unsup); repeatable.", Arity = ArgumentArity.OneOrMore };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Leave out empty or non-UTF-8 documents (counted) instead of refusing the collection." };
        var model = new Option<string>("--model") { Description = "lstm (default), gru or bilstm.", DefaultValueFactory = _ => "lstm" };
        model.AcceptOnlyFromAmong("lstm", "gru", "bilstm");
        var saveConfig = new Option<FileInfo?>("--save-config") { Description = "Also write the experiment to this file (run it again with 'rnnzoo run --config FILE')." };
        var options = new RunCommandOptions();
        var command = new Command("classify", "Train a text classifier on a collection of your own (two or more labels, any names).")
        {
            source, textColumn, labelColumn, test, validationSplit, testSplit, numWords, maxLen, splitSeed, exclude, skipInvalid, model, saveConfig,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var data = new TextData(Path.GetFullPath(parse.GetValue(source)!), parse.GetValue(test) is { } t ? Path.GetFullPath(t) : null,
                parse.GetValue(textColumn)!, parse.GetValue(labelColumn)!, parse.GetValue(validationSplit), parse.GetValue(testSplit),
                parse.GetValue(numWords), parse.GetValue(maxLen), parse.GetValue(splitSeed), parse.GetValue(exclude) is { Length: > 0 } e ? e : null,
                parse.GetValue(skipInvalid));
            try { data.Validate(); }
            catch (ArgumentException error) { throw new UsageException(error.Message); }
            if (!File.Exists(data.Source) && !Directory.Exists(data.Source))
                throw new UsageException($"No text collection at '{data.Source}': pass a CSV file or a folder with one sub-folder per label.");
            var labels = RnnZoo.Data.Text.TextCollection.Load(data.Source, new RnnZoo.Data.Text.TextCollectionOptions(data.TextColumn, data.LabelColumn,
                ExcludeLabels: data.ExcludeLabels, SkipInvalid: data.SkipInvalid)).Labels;
            var experiment = Build(data, labels.Count, parse.GetValue(model)!);
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
    /// The classification experiment for <paramref name="data"/> with <paramref name="classes"/> labels: Embedding(num_words,
    /// 64) → LSTM(64), GRU(128) or bidirectional LSTM(64) → max over the valid steps → dropout 0.3 → Dense(classes), Keras'
    /// initialisers (the recipe of the zoo's imdb-gru and imdb-bilstm); Adam 1e-3, batch 64, early stopping on the
    /// validation loss (patience 2, best weights kept); quick 2 epochs, full 10.
    /// </summary>
    public static Experiment Build(TextData data, int classes, string model)
    {
        var recurrent = model switch
        {
            "gru" => new RecurrentSpec(RnnKind.Gru, 64, 128),
            "bilstm" => new RecurrentSpec(RnnKind.Lstm, 64, 64, Bidirectional: true),
            _ => new RecurrentSpec(RnnKind.Lstm, 64, 64),
        };
        var name = "classify-" + ForecastCommand.Slug(Path.GetFileNameWithoutExtension(data.Source.TrimEnd('/', '\\')));
        return new Experiment(name, TaskKind.Classification,
            $"rnnzoo classify {Path.GetFileName(data.Source.TrimEnd('/', '\\'))}",
            $"Embedding({data.NumWords}, 64) -> {model.ToUpperInvariant()} -> max over the valid steps -> Dense({classes}); Keras' tokeniser and id conventions, " +
            $"vocabulary of the training part, texts cut to their last {data.MaxLen} ids, length-bucketed batches with exact lengths.",
            data,
            new ClassifierModel(new SequenceClassifierSpec(recurrent, classes, VocabularySize: data.NumWords, EmbeddingSize: 64, Pooling: Pooling.Max,
                Dropout: 0.3, Init: InitScheme.Keras)),
            new TrainingSpec(LossKind.CrossEntropy, new OptimizerSpec(OptimizerKind.Adam, 1e-3), BatchSize: 64, EarlyStopping: new EarlyStoppingSpec(Patience: 2)),
            new Profiles(new Profile(2), new Profile(10)),
            Reference: $"chance {1.0 / classes:P0} (or the share of the largest label)");
    }
}
