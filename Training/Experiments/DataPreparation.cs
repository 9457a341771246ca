using RnnZoo.Data.Batching;
using RnnZoo.Data.Generators;
using RnnZoo.Data.Imdb;
using RnnZoo.Data.Sequences;
using RnnZoo.Data.Text;
using RnnZoo.Data.TimeSeries;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training.Experiments;

/// <summary>Turns a <see cref="DataSpec"/> into batch sources.</summary>
public static class DataPreparation
{
    /// <summary>
    /// Batch size of validation and test batches: with no gradients, larger batches make the recurrent products larger and
    /// so faster per sequence; bucketed evaluation data is sorted by length, so the batches carry almost no padding.
    /// </summary>
    public const int EvaluationBatchSize = 512;

    /// <summary>Prepares the data of <paramref name="spec"/>; its tensors live outside every DisposeScope for the run.</summary>
    /// <param name="spec">The data.</param>
    /// <param name="batchSize">Batch size of the training set (evaluation batches are <see cref="EvaluationBatchSize"/>).</param>
    /// <param name="seed">The run's seed (batch order; generated sets and text splits use fixed seeds so every run sees the same data).</param>
    /// <param name="dataDirectory">Where real data sets are (IMDB; relative file names), or null.</param>
    /// <param name="encoder">Text data: a trained run's encoder (vocabulary.json) to encode with, instead of the training part's vocabulary.</param>
    /// <param name="labels">Text data: a trained run's class names (labels.json), so that class k means what it meant in training.</param>
    public static PreparedData Prepare(DataSpec spec, int batchSize, int seed, string? dataDirectory, TextEncoder? encoder = null, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec switch
        {
            GeneratedData g => Generated(g, batchSize, seed),
            ImdbData i => Imdb(i, batchSize, seed, dataDirectory, encoder),
            TextData t => Text(t, batchSize, seed, dataDirectory, encoder, labels),
            ForecastData f => Forecast(f, batchSize, seed, dataDirectory),
            _ => throw new ArgumentException($"Unknown data spec {spec.GetType().Name}."),
        };
    }

    /// <summary>
    /// A data file's path: <paramref name="path"/> itself when absolute; else under <paramref name="dataDirectory"/> when it is
    /// there; else relative to the working folder.
    /// </summary>
    public static string Resolve(string path, string? dataDirectory)
    {
        if (Path.IsPathRooted(path)) return path;
        if (dataDirectory is not null)
        {
            var under = Path.Combine(dataDirectory, path);
            if (File.Exists(under) || Directory.Exists(under) || !File.Exists(path) && !Directory.Exists(path)) return Path.GetFullPath(under);
        }
        return Path.GetFullPath(path);
    }

    private static PreparedData Forecast(ForecastData f, int batchSize, int seed, string? dataDirectory)
    {
        var path = Resolve(f.File, dataDirectory);
        if (!File.Exists(path))
            throw new FileNotFoundException(dataDirectory is null && !Path.IsPathRooted(f.File)
                ? $"This experiment reads '{f.File}'; pass --data-dir (e.g. ../shared/data), or give the file's full path."
                : $"No CSV file at '{path}'.", path);
        var series = ForecastSeries.Load(path, f.Forecast);
        return new PreparedData(series.TrainLoader(batchSize, seed), series.ValidationLoader(), series.TestLoader(), $"{f.File} {series.Describe()}", series);
    }

    private static PreparedData Generated(GeneratedData g, int batchSize, int seed)
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
        return new PreparedData(Loader(Generate(g.TrainCount, 1), true, batchSize), Loader(Generate(g.ValidationCount, 2), false, EvaluationBatchSize),
            Loader(Generate(g.TestCount, 3), false, EvaluationBatchSize),
            $"{g.Generator}: {g.TrainCount} train, {g.ValidationCount} validation, {g.TestCount} test sequences of {g.SequenceLength} steps");
    }

    private static PreparedData Imdb(ImdbData spec, int batchSize, int seed, string? dataDirectory, TextEncoder? encoder)
    {
        if (dataDirectory is null)
            throw new ArgumentException($"This experiment needs the IMDB data: pass --data-dir (the folder holding aclImdb/ or aclImdb_v1*.tar.gz). Obtain it from {AclImdbReader.OfficialPage}.");
        // Keras' load_data: shuffled with seed 113, then validation_split takes the last fraction.
        var data = ImdbDataset.Load(AclImdbReader.Locate(dataDirectory), new ImdbOptions(NumWords: spec.NumWords, SkipInvalid: spec.SkipInvalid), encoder: encoder);
        var (train, validation) = data.Train.SplitLast(spec.ValidationSplit);
        if (spec.TrainLimit is { } limit && limit < train.Count)
        {
            // Every k-th review: deterministic, and both labels stay balanced after the seeded shuffle.
            int[] Every(int count, int total) => Enumerable.Range(0, count).Select(i => (int)(i * (total / (double)count))).ToArray();
            train = train.Take("train", Every(limit, train.Count));
            validation = validation.Take("validation", Every(Math.Min(validation.Count, Math.Max(500, limit / 4)), validation.Count));
        }
        TensorBatchLoader Loader(ImdbSplit split, bool shuffle, int size) => Padded(split.Sequences, split.Labels, spec.MaxLen, size, shuffle, seed, spec.Bucketing);
        return new PreparedData(Loader(train, true, batchSize), Loader(validation, false, EvaluationBatchSize), Loader(data.Test, false, EvaluationBatchSize),
            $"IMDB: {train.Count} train, {validation.Count} validation, {data.Test.Count} test reviews; num_words {spec.NumWords}, maxlen {spec.MaxLen}" +
            (encoder is null ? "" : "; encoded with the run's saved vocabulary") +
            (data.Skipped.Count > 0 ? $"; skipped {data.Skipped.Count} invalid review file{(data.Skipped.Count == 1 ? "" : "s")}: {InvalidReviewFilesException.List(data.Skipped)}" : ""),
            Encoder: data.Encoder, Labels: ["neg", "pos"]);
    }

    private static PreparedData Text(TextData spec, int batchSize, int seed, string? dataDirectory, TextEncoder? savedEncoder, IReadOnlyList<string>? savedLabels)
    {
        var options = new TextCollectionOptions(spec.TextColumn, spec.LabelColumn, ExcludeLabels: spec.ExcludeLabels, SkipInvalid: spec.SkipInvalid);
        var collection = TextCollection.Load(Resolve(spec.Source, dataDirectory), options);
        var (trainIndex, validationIndex, testIndex) = collection.Split(spec.ValidationSplit, spec.Test is null ? spec.TestSplit : 0, spec.SplitSeed);
        var testCollection = spec.Test is null ? null : TextCollection.Load(Resolve(spec.Test, dataDirectory), options);
        var labels = savedLabels ?? collection.Labels;
        var testDocuments = testCollection?.Documents ?? testIndex.Select(i => collection.Documents[i]).ToArray();
        var unknown = collection.Documents.Concat(testDocuments).Select(d => d.Label).Distinct().Except(labels).ToArray();
        if (unknown.Length > 0)
            throw new InvalidDataException($"The data has labels the model does not know: {string.Join(", ", unknown.Take(5))} (it knows {string.Join(", ", labels)}).");

        var tokenizer = new KerasTokenizer();
        var encoder = savedEncoder ?? new TextEncoder(Vocabulary.Build(trainIndex.Select(i => tokenizer.Tokenize(collection.Documents[i].Text))),
            new TextEncoding(NumWords: spec.NumWords));
        var classOf = labels.Select((label, k) => (label, k)).ToDictionary(p => p.label, p => p.k, StringComparer.Ordinal);
        TensorBatchLoader Loader(IReadOnlyList<LabeledText> documents, bool shuffle, int size) =>
            Padded(documents.Select(d => encoder.Encode(d.Text).Ids).ToArray(), documents.Select(d => classOf[d.Label]).ToArray(), spec.MaxLen, size, shuffle, seed, bucketing: true);
        LabeledText[] Pick(int[] indices) => indices.Select(i => collection.Documents[i]).ToArray();
        var notes = new List<string>();
        if (collection.Skipped + (testCollection?.Skipped ?? 0) is > 0 and var skipped) notes.Add($"{skipped} invalid document(s) left out (--skip-invalid)");
        var counts = string.Join(", ", labels.Select(l => $"{l} {collection.Documents.Count(d => d.Label == l)}"));
        return new PreparedData(Loader(Pick(trainIndex), true, batchSize), Loader(Pick(validationIndex), false, EvaluationBatchSize), Loader(testDocuments, false, EvaluationBatchSize),
            $"{collection.Source}: {collection.Documents.Count} documents ({counts}); {trainIndex.Length} train, {validationIndex.Length} validation, {testDocuments.Count} test" +
            (testCollection is null ? $" (stratified split, seed {spec.SplitSeed})" : $" (from {testCollection.Source})") +
            $"; vocabulary {encoder.Vocabulary.Count} words, num_words {spec.NumWords}, maxlen {spec.MaxLen}",
            Encoder: encoder, Labels: labels, Notes: notes);
    }

    /// <summary>
    /// Text batches are trimmed to a multiple of this many steps: at most 63 batch lengths under a maxlen of 500, so
    /// libtorch's per-shape kernel caches fill in the first epoch instead of growing with every new length. Measured
    /// before the Trainer collected the managed heap per epoch, seed 002's resident memory grew 9% from epoch 2 to 4 with
    /// it and 16% without; most of that growth turned out to be .NET's heap (see <see cref="RnnZoo.Training.Callbacks.MemoryTrim"/>).
    /// The models read each sequence exactly all the same (lengths), at most 7 padding steps more a batch.
    /// </summary>
    public const int LengthMultiple = 8;

    // Post-padding with lengths: the models read each sequence exactly (no padding steps), and length bucketing keeps
    // batches short; pad_sequences' truncating='pre' keeps the last maxLen ids. Training buckets within pools of 50
    // batches (the order stays random); evaluation (no shuffling) sorts the whole split by length in one pool.
    private static TensorBatchLoader Padded(int[][] sequences, int[] labels, int maxLen, int batchSize, bool shuffle, int seed, bool bucketing)
    {
        var pool = !bucketing ? 0 : shuffle ? 50 : Math.Max(1, (sequences.Length + batchSize - 1) / batchSize);
        var padded = PadSequences.Pad(sequences, maxLen, PaddingSide.Post, PaddingSide.Pre, 0, labels);
        return TensorBatchLoader.FromPadded(padded with
        {
            Ids = padded.Ids.DetachFromDisposeScope(), Lengths = padded.Lengths.DetachFromDisposeScope(), Labels = padded.Labels!.DetachFromDisposeScope(),
        }, new BatchLoaderOptions(batchSize, Shuffle: shuffle, Seed: seed, BucketPoolBatches: pool, TrimMultiple: LengthMultiple));
    }
}
