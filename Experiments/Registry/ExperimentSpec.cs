using System.Text.Json.Serialization;
using RnnZoo.Data.Imdb;
using RnnZoo.Data.TimeSeries;
using RnnZoo.Models.Tasks;
using RnnZoo.Training;
using RnnZoo.Training.Schedules;

namespace RnnZoo.Experiments.Registry;

/// <summary>Where an experiment's data comes from.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(GeneratedData), "generated")]
[JsonDerivedType(typeof(ImdbData), "imdb")]
[JsonDerivedType(typeof(ForecastData), "forecast")]
public abstract record DataSpec;

/// <summary>Which generator of <c>RnnZoo.Data.Generators.SequenceGenerators</c>.</summary>
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

/// <summary>Generated data: train, validation and test sets from different seeds.</summary>
public sealed record GeneratedData(GeneratorKind Generator, int TrainCount, int ValidationCount, int TestCount, int SequenceLength,
    int Features = 1, double Noise = 0) : DataSpec;

/// <summary>IMDB with Keras' conventions: the last ValidationSplit of the training reviews validates; the 25,000 test reviews test.</summary>
/// <param name="NumWords">Vocabulary (Keras' num_words).</param>
/// <param name="MaxLen">Reviews longer than this keep their last MaxLen ids (pad_sequences' truncating='pre').</param>
/// <param name="ValidationSplit">Keras' validation_split.</param>
/// <param name="TrainLimit">Use only this many training reviews (quick profiles), taken evenly from both labels.</param>
/// <param name="Bucketing">Batches of similar lengths, trimmed (post-padding with lengths: exact).</param>
public sealed record ImdbData(int NumWords = 10000, int MaxLen = 500, double ValidationSplit = 0.2, int? TrainLimit = null, bool Bucketing = true) : DataSpec;

/// <summary>
/// A forecasting problem (<see cref="ForecastSpec"/>: columns, lookback, horizon, season, split, scaling, policies)
/// on a CSV file under the data directory. Split in time: the last TestFraction tests (rolling origin over it), the
/// ValidationFraction before it validates.
/// </summary>
/// <param name="File">Path under --data-dir (e.g. timeseries/seattle-weather.csv).</param>
/// <param name="Forecast">The problem.</param>
public sealed record ForecastData(string File, ForecastSpec Forecast) : DataSpec;

/// <summary>What model an experiment trains.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ClassifierModel), "classifier")]
[JsonDerivedType(typeof(RegressorModel), "regressor")]
[JsonDerivedType(typeof(CellModel), "cell")]
public abstract record ModelSpec;

/// <summary>A <see cref="SequenceClassifier"/>.</summary>
public sealed record ClassifierModel(SequenceClassifierSpec Spec) : ModelSpec;

/// <summary>A <see cref="SequenceRegressor"/>.</summary>
public sealed record RegressorModel(SequenceRegressorSpec Spec) : ModelSpec;

/// <summary>
/// A <see cref="CellSequenceModel"/> over a cell of <see cref="RnnZoo.Models.Cells.CellCatalog"/> that has an output layer
/// of its own: <c>"wuv"</c> (seed 003's W, U, V cell, also seed 002's corrected NumPy class) or <c>"concat_hidden"</c>
/// (seed 004's i2h/i2o cell over cat(x, h)).
/// </summary>
public sealed record CellModel(string Cell, int InputSize, int HiddenSize, int OutputSize) : ModelSpec;

/// <summary>How an experiment trains (besides the epochs of its profile).</summary>
public sealed record TrainingSpec(LossKind Loss, OptimizerSpec Optimizer, int BatchSize, ClippingSpec? Clipping = null,
    EarlyStoppingSpec? EarlyStopping = null, ScheduleSpec? Schedule = null);

/// <summary>A budget: how long a profile trains and on how much data.</summary>
/// <param name="Epochs">Epochs.</param>
/// <param name="Data">Data spec overriding the experiment's (e.g. fewer samples for quick), or null.</param>
public sealed record Profile(int Epochs, DataSpec? Data = null);

/// <summary>A named, reproducible experiment: data, model, training and budgets, as plain data.</summary>
/// <param name="Name">Its name on the command line.</param>
/// <param name="Task">classification or regression.</param>
/// <param name="Source">Which seed document it reproduces, or what it adds.</param>
/// <param name="Description">What it shows, and every deviation from its source.</param>
/// <param name="Data">The data.</param>
/// <param name="Model">The model.</param>
/// <param name="Training">Loss, optimizer, batch size, clipping.</param>
/// <param name="Profiles">"quick" (minutes, a smoke test) and "full" (the real reproduction).</param>
/// <param name="Reference">The value the source claims or the baseline to compare with, in words.</param>
public sealed record Experiment(string Name, string Task, string Source, string Description, DataSpec Data, ModelSpec Model,
    TrainingSpec Training, IReadOnlyDictionary<string, Profile> Profiles, string Reference = "");
