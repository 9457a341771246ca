using RnnZoo.Data.Batching;
using RnnZoo.Data.Generators;
using RnnZoo.Data.Imdb;
using RnnZoo.Data.Sequences;
using RnnZoo.Experiments.Registry;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Running;

/// <summary>Turns a <see cref="DataSpec"/> into batch sources.</summary>
public static class DataPreparation
{
    /// <summary>
    /// Reviews per evaluation batch (validation and test): larger batches make the recurrent products larger, and so
    /// faster per review; the batches are sorted by length, so they cost little padding.
    /// </summary>
    public const int EvaluationBatchSize = 512;

    /// <summary>Prepares the data of <paramref name="spec"/>; its tensors live outside every DisposeScope for the run.</summary>
    /// <param name="spec">The data.</param>
    /// <param name="batchSize">Batch size of the training set (evaluation batches are larger).</param>
    /// <param name="seed">The run's seed (batch order; generated sets use fixed seeds so every run sees the same data).</param>
    /// <param name="dataDirectory">Where real data sets are (IMDB), or null.</param>
    public static PreparedData Prepare(DataSpec spec, int batchSize, int seed, string? dataDirectory) => spec switch
    {
        Registry.GeneratedData g => Generated(g, batchSize, seed),
        Registry.ImdbData i => Imdb(i, batchSize, seed, dataDirectory),
        Registry.ForecastData f => Forecasting.ForecastPreparation.Prepare(f, batchSize, seed, dataDirectory),
        _ => throw new ArgumentException($"Unknown data spec {spec.GetType().Name}."),
    };

    private static PreparedData Generated(Registry.GeneratedData g, int batchSize, int seed)
    {
        Batch Generate(int count, int dataSeed) => g.Generator switch
        {
            GeneratorKind.Sine => SineWaves.Generate(count, g.SequenceLength, dataSeed, g.Noise),
            GeneratorKind.RandomSequences => RandomSequences.Generate(count, dataSeed, g.SequenceLength, g.Features),
            GeneratorKind.SumClassification => SumClassification.Generate(count, g.SequenceLength, g.Features, dataSeed),
            GeneratorKind.Adding => AddingProblem.Generate(count, g.SequenceLength, dataSeed),
            _ => throw new ArgumentException($"Unknown generator {g.Generator}."),
        };
        // Fixed data seeds (1, 2, 3): the sets never depend on the run's seed, which only orders the batches.
        TensorBatchLoader Loader(Batch d, bool shuffle, int size) =>
            new(d.Inputs.DetachFromDisposeScope(), d.Targets.DetachFromDisposeScope(), null, new BatchLoaderOptions(size, Shuffle: shuffle, Seed: seed));
        return new PreparedData(Loader(Generate(g.TrainCount, 1), true, batchSize), Loader(Generate(g.ValidationCount, 2), false, 256),
            Loader(Generate(g.TestCount, 3), false, 256),
            $"{g.Generator}: {g.TrainCount} train, {g.ValidationCount} validation, {g.TestCount} test sequences of {g.SequenceLength} steps");
    }

    private static PreparedData Imdb(Registry.ImdbData spec, int batchSize, int seed, string? dataDirectory)
    {
        if (dataDirectory is null)
            throw new ArgumentException($"This experiment needs the IMDB data: pass --data-dir (the folder holding aclImdb/ or aclImdb_v1*.tar.gz). Obtain it from {AclImdbReader.OfficialPage}.");
        // Keras' load_data: shuffled with seed 113, then validation_split takes the last fraction.
        var data = ImdbDataset.Load(AclImdbReader.Locate(dataDirectory), new ImdbOptions(NumWords: spec.NumWords));
        var (train, validation) = data.Train.SplitLast(spec.ValidationSplit);
        if (spec.TrainLimit is { } limit && limit < train.Count)
        {
            // Every k-th review: deterministic, and both labels stay balanced after the seeded shuffle.
            int[] Every(int count, int total) => Enumerable.Range(0, count).Select(i => (int)(i * (total / (double)count))).ToArray();
            train = train.Take("train", Every(limit, train.Count));
            validation = validation.Take("validation", Every(Math.Min(validation.Count, Math.Max(500, limit / 4)), validation.Count));
        }
        TensorBatchLoader Loader(ImdbSplit split, bool shuffle, int size)
        {
            // Post-padding with lengths: the models read each review exactly (no padding steps), and length
            // bucketing keeps batches short; pad_sequences' truncating='pre' keeps the last MaxLen ids. Evaluation
            // (no shuffling) sorts the whole split by length: the batches then carry almost no padding.
            var padded = split.Pad(spec.MaxLen, PaddingSide.Post, PaddingSide.Pre);
            var pool = !spec.Bucketing ? 0 : shuffle ? 50 : Math.Max(1, (split.Count + size - 1) / size);
            return TensorBatchLoader.FromPadded(padded with
            {
                Ids = padded.Ids.DetachFromDisposeScope(), Lengths = padded.Lengths.DetachFromDisposeScope(), Labels = padded.Labels!.DetachFromDisposeScope(),
            }, new BatchLoaderOptions(size, Shuffle: shuffle, Seed: seed, BucketPoolBatches: pool));
        }
        return new PreparedData(Loader(train, true, batchSize), Loader(validation, false, EvaluationBatchSize), Loader(data.Test, false, EvaluationBatchSize),
            $"IMDB: {train.Count} train, {validation.Count} validation, {data.Test.Count} test reviews; num_words {spec.NumWords}, maxlen {spec.MaxLen}");
    }
}
