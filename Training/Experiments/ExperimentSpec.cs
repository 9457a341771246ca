using System.Text.Json.Serialization;
using RnnZoo.Data.TimeSeries;
using RnnZoo.Models.Tasks;
using RnnZoo.Training.Schedules;

namespace RnnZoo.Training.Experiments;

/// <summary>Where an experiment's data comes from (JSON: <c>"kind"</c> is one of generated, imdb, text, forecast).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(GeneratedData), "generated")]
[JsonDerivedType(typeof(ImdbData), "imdb")]
[JsonDerivedType(typeof(TextData), "text")]
[JsonDerivedType(typeof(ForecastData), "forecast")]
public abstract record DataSpec
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field (JSON names, e.g. <c>train_count</c>).</summary>
    public abstract void Validate();
}

/// <summary>Which generator of <c>RnnZoo.Data.Generators</c>.</summary>
public enum GeneratorKind
{
    /// <summary>Sine waves, next-value targets at every step (seed 001).</summary>
    Sine,
    /// <summary>Seed 003's shapes with a learnable recurrence.</summary>
    RandomSequences,
    /// <summary>Label = feature with the largest sum (seed 000).</summary>
    SumClassification,
    /// <summary>The adding problem.</summary>
    Adding,
}

/// <summary>Generated data: train, validation and test sets from fixed seeds (1, 2, 3), the same for every run.</summary>
public sealed record GeneratedData(GeneratorKind Generator, int TrainCount, int ValidationCount, int TestCount, int SequenceLength,
    int Features = 1, double Noise = 0) : DataSpec
{
    /// <inheritdoc />
    public override void Validate()
    {
        if (!Enum.IsDefined(Generator)) throw new ArgumentException($"generator: unknown generator {Generator}.");
        Positive(TrainCount, "train_count"); Positive(ValidationCount, "validation_count"); Positive(TestCount, "test_count");
        Positive(SequenceLength, "sequence_length"); Positive(Features, "features");
        if (!(Noise >= 0)) throw new ArgumentException($"noise: must be zero or positive, got {Noise}.");
    }

    internal static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentException($"{name}: must be positive, got {value}.");
    }
}

/// <summary>IMDB with Keras' conventions: the last ValidationSplit of the training reviews validates; the 25,000 test reviews test.</summary>
/// <param name="NumWords">Vocabulary (Keras' num_words).</param>
/// <param name="MaxLen">Reviews longer than this keep their last MaxLen ids (pad_sequences' truncating='pre').</param>
/// <param name="ValidationSplit">Keras' validation_split.</param>
/// <param name="TrainLimit">Use only this many training reviews (quick profiles), taken evenly from both labels.</param>
/// <param name="Bucketing">Batches of similar lengths, trimmed (post-padding with lengths: exact).</param>
/// <param name="SkipInvalid">Leave out review files that are empty, not UTF-8 text, misnamed or rated against their folder (counted), instead of refusing the data.</param>
public sealed record ImdbData(int NumWords = 10000, int MaxLen = 500, double ValidationSplit = 0.2, int? TrainLimit = null, bool Bucketing = true,
    bool SkipInvalid = false) : DataSpec
{
    /// <inheritdoc />
    public override void Validate()
    {
        GeneratedData.Positive(NumWords, "num_words"); GeneratedData.Positive(MaxLen, "max_len");
        if (ValidationSplit is <= 0 or >= 1) throw new ArgumentException($"validation_split: must be in (0, 1), got {ValidationSplit}.");
        if (TrainLimit is <= 0) throw new ArgumentException($"train_limit: must be positive, got {TrainLimit}.");
    }
}

/// <summary>
/// A collection of labelled texts of one's own (<see cref="RnnZoo.Data.Text.TextCollection"/>): a CSV file with a text and
/// a label column, or a folder with one sub-folder per label. The split is stratified by label and seeded by
/// <see cref="SplitSeed"/> (fixed: every run of the experiment sees the same split); the vocabulary is the training
/// part's; ids follow Keras' conventions (0 padding, 1 start, 2 out of vocabulary, rank + 3).
/// </summary>
/// <param name="Source">The CSV file or folder (absolute, or relative to the data directory or the working folder).</param>
/// <param name="Test">A separate test collection (same layout); null takes <see cref="TestSplit"/> of the source.</param>
/// <param name="TextColumn">CSV: the text column.</param>
/// <param name="LabelColumn">CSV: the label column.</param>
/// <param name="ValidationSplit">Share of each label that validates.</param>
/// <param name="TestSplit">Share of each label that tests when there is no <see cref="Test"/>.</param>
/// <param name="NumWords">Keep ids below this (Keras' num_words: the 3 reserved ids count).</param>
/// <param name="MaxLen">Longer texts keep their last MaxLen ids (pad_sequences' truncating='pre').</param>
/// <param name="SplitSeed">Seed of the split.</param>
/// <param name="ExcludeLabels">Folder: label sub-folders to leave out (e.g. aclImdb's unlabelled <c>unsup</c>).</param>
/// <param name="SkipInvalid">Leave out empty or non-UTF-8 documents (counted) instead of refusing the collection.</param>
public sealed record TextData(string Source, string? Test = null, string TextColumn = "text", string LabelColumn = "label",
    double ValidationSplit = 0.2, double TestSplit = 0.2, int NumWords = 10000, int MaxLen = 500, int SplitSeed = 0,
    IReadOnlyList<string>? ExcludeLabels = null, bool SkipInvalid = false) : DataSpec
{
    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(Source)) throw new ArgumentException("source: the text collection (a CSV file or a folder) is needed.");
        GeneratedData.Positive(NumWords, "num_words"); GeneratedData.Positive(MaxLen, "max_len");
        if (ValidationSplit is <= 0 or >= 1) throw new ArgumentException($"validation_split: must be in (0, 1), got {ValidationSplit}.");
        if (Test is null && (TestSplit is <= 0 or >= 1 || ValidationSplit + TestSplit >= 1))
            throw new ArgumentException($"test_split: must be in (0, 1) with validation_split + test_split below 1, got {TestSplit}.");
    }
}

/// <summary>
/// A forecasting problem (<see cref="ForecastSpec"/>: columns, lookback, horizon, season, split, scaling, policies) on a CSV
/// file. Split in time: the last TestFraction tests (rolling origin over it), the ValidationFraction before it validates.
/// </summary>
/// <param name="File">The CSV file: absolute, or relative to the data directory (e.g. timeseries/seattle-weather.csv) or the working folder.</param>
/// <param name="Forecast">The problem.</param>
public sealed record ForecastData(string File, ForecastSpec Forecast) : DataSpec
{
    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(File)) throw new ArgumentException("file: the CSV file is needed.");
        if (Forecast is null) throw new ArgumentException("forecast: the forecasting problem (target, lookback, horizon, ...) is needed.");
        try { Forecast.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException($"forecast.{e.Message}", e); }
    }
}

/// <summary>What model an experiment trains (JSON: <c>"kind"</c> is one of classifier, regressor, cell).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ClassifierModel), "classifier")]
[JsonDerivedType(typeof(RegressorModel), "regressor")]
[JsonDerivedType(typeof(CellModel), "cell")]
public abstract record ModelSpec
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public abstract void Validate();
}

/// <summary>A <see cref="SequenceClassifier"/>.</summary>
public sealed record ClassifierModel(SequenceClassifierSpec Spec) : ModelSpec
{
    /// <inheritdoc />
    public override void Validate() => ModelFactory.Checked(() => (Spec ?? throw new ArgumentException("spec: missing.")).Validate());
}

/// <summary>A <see cref="SequenceRegressor"/>.</summary>
public sealed record RegressorModel(SequenceRegressorSpec Spec) : ModelSpec
{
    /// <inheritdoc />
    public override void Validate() => ModelFactory.Checked(() => (Spec ?? throw new ArgumentException("spec: missing.")).Validate());
}

/// <summary>
/// A <see cref="CellSequenceModel"/> over a cell of <see cref="RnnZoo.Models.Cells.CellCatalog"/> that has an output layer
/// of its own: <c>"wuv"</c> (seed 003's W, U, V cell, also seed 002's corrected NumPy class) or <c>"concat_hidden"</c>
/// (seed 004's i2h/i2o cell over cat(x, h)).
/// </summary>
public sealed record CellModel(string Cell, int InputSize, int HiddenSize, int OutputSize) : ModelSpec
{
    /// <inheritdoc />
    public override void Validate()
    {
        if (!RnnZoo.Models.Cells.CellCatalog.Contains(Cell ?? ""))
            throw new ArgumentException($"cell: unknown cell '{Cell}'; known cells: {string.Join(", ", RnnZoo.Models.Cells.CellCatalog.Names)}.");
        GeneratedData.Positive(InputSize, "input_size"); GeneratedData.Positive(HiddenSize, "hidden_size"); GeneratedData.Positive(OutputSize, "output_size");
    }
}

/// <summary>How an experiment trains (besides the epochs of its profile).</summary>
public sealed record TrainingSpec(LossKind Loss, OptimizerSpec Optimizer, int BatchSize, ClippingSpec? Clipping = null,
    EarlyStoppingSpec? EarlyStopping = null, ScheduleSpec? Schedule = null)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Loss)) throw new ArgumentException($"loss: unknown loss {Loss}.");
        if (Optimizer is null) throw new ArgumentException("optimizer: missing.");
        if (!(Optimizer.LearningRate > 0 && double.IsFinite(Optimizer.LearningRate)))
            throw new ArgumentException($"optimizer.learning_rate: must be positive, got {Optimizer.LearningRate}.");
        GeneratedData.Positive(BatchSize, "batch_size");
        if (Clipping is { MaxNorm: <= 0 } or { MaxValue: <= 0 }) throw new ArgumentException("clipping: thresholds must be positive.");
        if (EarlyStopping is { Patience: < 0 }) throw new ArgumentException($"early_stopping.patience: must be zero or positive, got {EarlyStopping.Patience}.");
        try { Schedule?.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException($"schedule: {e.Message}", e); }
    }
}

/// <summary>What an experiment learns.</summary>
public enum TaskKind
{
    /// <summary>Labels (accuracy, precision, recall, F1, ROC-AUC).</summary>
    Classification,
    /// <summary>Values (MSE, MAE, RMSE; forecasts against baselines).</summary>
    Regression,
}

/// <summary>An experiment's budgets.</summary>
public enum ProfileKind
{
    /// <summary>Minutes: a smoke test of the whole pipeline.</summary>
    Quick,
    /// <summary>The real reproduction.</summary>
    Full,
}

/// <summary>A budget: how long a profile trains and on how much data.</summary>
/// <param name="Epochs">Epochs.</param>
/// <param name="Data">Data spec overriding the experiment's (e.g. fewer samples for quick), or null.</param>
public sealed record Profile(int Epochs, DataSpec? Data = null);

/// <summary>The two budgets of every experiment.</summary>
/// <param name="Quick">Minutes, a smoke test.</param>
/// <param name="Full">The real reproduction.</param>
public sealed record Profiles(Profile Quick, Profile Full)
{
    /// <summary>The profile <paramref name="kind"/>.</summary>
    public Profile this[ProfileKind kind] => kind switch
    {
        ProfileKind.Quick => Quick,
        ProfileKind.Full => Full,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown profile."),
    };
}

/// <summary>A named, reproducible experiment: data, model, training and budgets, as plain data (an experiment file is its JSON).</summary>
/// <param name="Name">Its name on the command line and in run folders.</param>
/// <param name="Task">Classification or regression.</param>
/// <param name="Source">Which seed document it reproduces, or what it adds.</param>
/// <param name="Description">What it shows, and every deviation from its source.</param>
/// <param name="Data">The data.</param>
/// <param name="Model">The model.</param>
/// <param name="Training">Loss, optimizer, batch size, clipping, early stopping, schedule.</param>
/// <param name="Profiles">Quick (minutes, a smoke test) and full (the real reproduction).</param>
/// <param name="Reference">The value the source claims or the baseline to compare with, in words.</param>
public sealed record Experiment(string Name, TaskKind Task, string Source, string Description, DataSpec Data, ModelSpec Model,
    TrainingSpec Training, Profiles Profiles, string Reference = "")
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field by its JSON path (e.g. <c>training.batch_size</c>).</summary>
    public Experiment Validate()
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(c => char.IsWhiteSpace(c) || Path.GetInvalidFileNameChars().Contains(c)))
            throw new ArgumentException($"name: must be a word usable as a folder name (letters, digits, '-', '_'), got '{Name}'.");
        if (!Enum.IsDefined(Task)) throw new ArgumentException($"task: must be classification or regression, got {Task}.");
        Part("data", () => (Data ?? throw new ArgumentException("missing.")).Validate());
        Part("model", () => (Model ?? throw new ArgumentException("missing.")).Validate());
        Part("training", () => (Training ?? throw new ArgumentException("missing.")).Validate());
        if (Profiles is null) throw new ArgumentException("profiles: quick and full are needed.");
        foreach (var kind in Enum.GetValues<ProfileKind>())
        {
            var profile = Profiles[kind] ?? throw new ArgumentException($"profiles.{Key(kind)}: missing.");
            if (profile.Epochs <= 0) throw new ArgumentException($"profiles.{Key(kind)}.epochs: must be positive, got {profile.Epochs}.");
            if (profile.Data is not null) Part($"profiles.{Key(kind)}.data", profile.Data.Validate);
        }
        return this;

        static string Key(ProfileKind kind) => kind.ToString().ToLowerInvariant();
        static void Part(string path, Action validate)
        {
            try { validate(); }
            catch (ArgumentException e) { throw new ArgumentException($"{path}.{e.Message}", e); }
        }
    }
}
