using RnnZoo.Data.TimeSeries;
using RnnZoo.Models;
using RnnZoo.Models.Initialization;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Tasks;

namespace RnnZoo.Training.Experiments;

/// <summary>The registry of experiments: every one is a record; <see cref="ExperimentRunner"/> runs any of them, as it runs an experiment file.</summary>
public static class Zoo
{
    private static readonly OptimizerSpec Adam = new(OptimizerKind.Adam, 1e-3);

    // The task seeds 002 (NumPy), 003 and 004 learn alike: y_t = 0.5 y_(t-1) + mean(x_t) over 10 steps of 10 inputs.
    private static readonly GeneratedData SeedSequences = new(GeneratorKind.RandomSequences, 8000, 1000, 1000, SequenceLength: 10, Features: 10);
    private static readonly Profiles SeedSequenceProfiles = new(new Profile(3, new GeneratedData(GeneratorKind.RandomSequences, 2000, 500, 500, 10, 10)), new Profile(30));
    private const string SeedSequenceReference = "predicting 0 scores the target's variance, 0.133";

    /// <summary>All experiments, in the order <c>list</c> shows them.</summary>
    public static IReadOnlyList<Experiment> All { get; } = Build();

    /// <summary>Finds an experiment by name.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static Experiment Find(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"Unknown experiment '{name}'. Known: {string.Join(", ", All.Select(e => e.Name))} (see 'rnnzoo list').");

    private static List<Experiment> Build()
    {
        var list = new List<Experiment>
        {
            new("seed000-basic-rnn", TaskKind.Classification,
                "seed 000: TensorFlow 1 BasicRNNCell + dynamic_rnn sequence classifier, softmax cross-entropy, Adam",
                "A basic (Elman, tanh) RNN cell reads 20 steps of 3 features; the label is the feature whose sum over the whole " +
                "sequence is largest, so the answer needs every step. The seed's own data is not given; this task replaces it.",
                new GeneratedData(GeneratorKind.SumClassification, 10000, 1000, 2000, SequenceLength: 20, Features: 3),
                new ClassifierModel(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Rnn, 3, 32), Classes: 3)),
                new TrainingSpec(LossKind.CrossEntropy, Adam, BatchSize: 64),
                new Profiles(new Profile(3, new GeneratedData(GeneratorKind.SumClassification, 2000, 500, 500, 20, 3)), new Profile(20)),
                Reference: "chance 33%"),

            new("seed001-sine-rnn", TaskKind.Regression,
                "seed 001: Keras RNN(128, return_sequences=True, return_state=True) + Dense(1), MSE, Adam, on generate_data(batch_size, sequence_length)",
                "An RNN(128) returns its outputs at every step and its state; Dense(1) predicts the next value of a sine wave " +
                "(random frequency and phase, noise 0.1) at every step. The seed elides generate_data's body; sine waves are our reading.",
                new GeneratedData(GeneratorKind.Sine, 8192, 1024, 1024, SequenceLength: 50, Noise: 0.1),
                new RegressorModel(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Rnn, 1, 128), Output: RegressionOutput.EveryStep, Init: InitScheme.Keras)),
                new TrainingSpec(LossKind.Mse, Adam, BatchSize: 64),
                new Profiles(new Profile(3, new GeneratedData(GeneratorKind.Sine, 1024, 256, 256, 50, Noise: 0.1)), new Profile(20)),
                Reference: "noise variance 0.01 is the floor of the input-only error"),

            new("seed002-imdb-lstm", TaskKind.Classification,
                "seed 002: Keras Embedding(10000, 50) -> LSTM(100, return_sequences=True) -> LSTM(100) -> Dense(2, softmax), maxlen 500, 10 epochs, batch 64, validation_split 0.2",
                "Seed 002's IMDB network with Keras' default initialisers. Deviations: reviews are post-padded with their lengths and " +
                "batched by similar length (the LSTM reads exactly each review, as Keras would with masking), instead of pre-padding " +
                "every review to 500; the seed's bug of padding the labels as sequences is not copied; Dense(2) gives logits for softmax cross-entropy; " +
                "the network overfits after two or three epochs (validation accuracy falls while training accuracy climbs), so the run keeps " +
                "the weights of the epoch with the best validation loss and stops after 2 epochs without improvement (Keras' EarlyStopping " +
                "with restore_best_weights), instead of reporting the 10th epoch's weights.",
                new ImdbData(),
                new ClassifierModel(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Lstm, 50, 100, Layers: 2), Classes: 2,
                    VocabularySize: 10000, EmbeddingSize: 50, Init: InitScheme.Keras)),
                new TrainingSpec(LossKind.CrossEntropy, Adam, BatchSize: 64, EarlyStopping: new EarlyStoppingSpec(Patience: 2)),
                new Profiles(new Profile(1, new ImdbData(MaxLen: 200, TrainLimit: 2000)), new Profile(10)),
                Reference: "86% test accuracy (the issue's target for this network)"),

            new("seed002-numpy-rnn", TaskKind.Regression,
                "seed 002: the NumPy RNN class: h = tanh(X W1 + h_prev W2 + b1), output = h W2.T + b2, lr 0.01, gradient descent",
                "The seed's NumPy cell unrolled over 10 steps of 10 inputs (hidden 16, output 1), N(0, 1) weights and zero biases " +
                "like its np.random.randn and np.zeros, trained by plain gradient descent (SGD, lr 0.01, the seed's lr) on the task of " +
                "seeds 003/004. Deviation (a bug fix): the seed uses W2 both as the recurrent matrix and, transposed, as the output " +
                "matrix, which only fits when hidden == output; following its own equations, the recurrent matrix is W_hh [H, H] here, " +
                "which makes it exactly seed 003's W, U, V cell (W1 = W, W_hh = U, W2 = V, N(0, 1) weights, zero biases), so it is built from that cell. " +
                "Its forward pass is checked against a plain-array transcription of the NumPy code and against the Elman cell in the tests.",
                SeedSequences,
                new CellModel("wuv", 10, 16, 1),
                new TrainingSpec(LossKind.Mse, new OptimizerSpec(OptimizerKind.Sgd, 0.01), BatchSize: 64),
                SeedSequenceProfiles,
                Reference: SeedSequenceReference),

            new("seed003-wuv-rnn", TaskKind.Regression,
                "seed 003: TensorFlow 1 hand-written RNN h = tanh(xW + hU + b), y = hV + c, MSE, Adam(lr=0.01): num_inputs 10, num_outputs 1, num_steps 10, num_hidden 5",
                "The W, U, V cell unrolled over 10 steps of 10 inputs, predicting one value per step. Deviations: the seed reshapes its " +
                "state in a way that mixes time steps; here the state is carried step by step. Its placeholders hold no data; the target " +
                "here is y_t = 0.5 y_(t-1) + mean(x_t), which needs the recurrence.",
                SeedSequences,
                new CellModel("wuv", 10, 5, 1),
                new TrainingSpec(LossKind.Mse, new OptimizerSpec(OptimizerKind.Adam, 0.01), BatchSize: 64),
                SeedSequenceProfiles,
                Reference: SeedSequenceReference),

            new("seed004-simple-rnn", TaskKind.Regression,
                "seed 004: PyTorch SimpleRNN with i2h and i2o linear layers over cat(input, hidden): input 10, hidden 20, output 1",
                "The seed's cell (tanh on the new hidden state, output from the previous one) unrolled over 10 steps of 10 inputs; " +
                "the seed shows one step and no training: here it learns the same task as seed 003.",
                SeedSequences,
                new CellModel("concat_hidden", 10, 20, 1),
                new TrainingSpec(LossKind.Mse, new OptimizerSpec(OptimizerKind.Adam, 0.01), BatchSize: 64),
                SeedSequenceProfiles,
                Reference: SeedSequenceReference),

            new("imdb-bilstm", TaskKind.Classification,
                "beyond the seeds: the seeds' bidirectional networks on IMDB",
                "Embedding(10000, 64) -> bidirectional LSTM(64) -> max over the valid steps -> Dense(2), Keras' initialisers, dropout 0.3 " +
                "before the head, length-bucketed batches with exact lengths. Max pooling was chosen on the validation loss " +
                "(best 0.265, against 0.290 with the last step).",
                new ImdbData(),
                new ClassifierModel(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Lstm, 64, 64, Bidirectional: true), Classes: 2,
                    VocabularySize: 10000, EmbeddingSize: 64, Pooling: Pooling.Max, Dropout: 0.3, Init: InitScheme.Keras)),
                new TrainingSpec(LossKind.CrossEntropy, Adam, BatchSize: 64, EarlyStopping: new EarlyStoppingSpec(Patience: 2)),
                new Profiles(new Profile(1, new ImdbData(MaxLen: 200, TrainLimit: 2000)), new Profile(6)),
                Reference: "88% (published: Keras-style LSTM 87-89%, 2-layer BiLSTM with GloVe 88.06%, Maas et al. 2011 88.89%)"),

            new("imdb-gru", TaskKind.Classification,
                "beyond the seeds: the seeds' LSTM-versus-GRU question, on IMDB",
                "Embedding(10000, 64) -> GRU(128) -> max over the valid steps -> Dense(2), Keras' initialisers, dropout 0.3 before the " +
                "head, length-bucketed batches. Max pooling was chosen on the validation loss (best 0.264, against 0.301 with the last step).",
                new ImdbData(),
                new ClassifierModel(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Gru, 64, 128), Classes: 2,
                    VocabularySize: 10000, EmbeddingSize: 64, Pooling: Pooling.Max, Dropout: 0.3, Init: InitScheme.Keras)),
                new TrainingSpec(LossKind.CrossEntropy, Adam, BatchSize: 64, EarlyStopping: new EarlyStoppingSpec(Patience: 2)),
                new Profiles(new Profile(1, new ImdbData(MaxLen: 200, TrainLimit: 2000)), new Profile(6)),
                Reference: "88% (published: Keras-style LSTM 87-89%)"),
        };

        var seattle = new ForecastData("timeseries/seattle-weather.csv", new ForecastSpec("temp_max", new[] { "temp_min", "precipitation", "wind" },
            Lookback: 30, Horizon: 7, Season: 365, Climatology: true, Scaling: ForecastScaling.Change, CalendarFeatures: true));
        list.Add(new Experiment("forecast-seattle-lstm", TaskKind.Regression,
            "beyond the seeds: the seeds' weather forecasting application, on the shared Seattle data",
            "An LSTM(32) reads 30 days of temp_max, temp_min, precipitation and wind (standardised on the training part) and the " +
            "day of the year (sin, cos), and forecasts the change of temp_max over each of the next 7 days. Rolling origin over the last 20% (validation: the 10% before it), against " +
            "naive, seasonal naive (365), drift, climatology and additive Holt-Winters (fitted with MathNet's Nelder-Mead).",
            seattle,
            new RegressorModel(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Lstm, seattle.Forecast.InputSize, 32), Horizon: 7, Init: InitScheme.Keras)),
            new TrainingSpec(LossKind.Mse, Adam, BatchSize: 32, EarlyStopping: new EarlyStoppingSpec(Patience: 20)),
            new Profiles(new Profile(3), new Profile(300)),
            Reference: "naive MAE 2.35 °C at h1; climatology 3.50 °C at h7 (the issue's measurements)"));

        var stocks = new ForecastData("timeseries/stocks.csv", new ForecastSpec("price", Key: "symbol", Series: "MSFT",
            Lookback: 24, Horizon: 12, Season: 12, Scaling: ForecastScaling.Change));
        list.Add(new Experiment("forecast-stocks-gru", TaskKind.Regression,
            "beyond the seeds: the seeds' stock price application, on the shared monthly prices",
            "A GRU(32) reads 24 months of MSFT's closing price and forecasts its change over each of the next 12. Rolling origin over the last 20%, " +
            "against naive, seasonal naive (12), drift and Holt-Winters. Prices are close to a random walk: beating seasonal " +
            "naive proves nothing; the question is whether it beats naive.",
            stocks,
            new RegressorModel(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Gru, stocks.Forecast.InputSize, 32), Horizon: 12, Init: InitScheme.Keras)),
            new TrainingSpec(LossKind.Mse, Adam, BatchSize: 16, EarlyStopping: new EarlyStoppingSpec(Patience: 20)),
            new Profiles(new Profile(3), new Profile(300)),
            Reference: "naive MASE 0.2-0.7 on these prices"));

        foreach (var length in new[] { 50, 100, 200 })
        foreach (var kind in new[] { RnnKind.Rnn, RnnKind.Lstm, RnnKind.Gru })
            list.Add(new Experiment($"adding-{kind.ToString().ToLowerInvariant()}-{length}", TaskKind.Regression,
                "beyond the seeds: the vanishing-gradient lesson of seeds 000-004 (Hochreiter and Schmidhuber 1997)",
                $"The adding problem at length {length}: sum the two marked values of a {length}-step sequence. A {kind} of 64 units reads it; " +
                "gradients are clipped at norm 1; Adam with learning rate 0.01 (chosen on the validation loss: at 0.001 the LSTM stayed " +
                "on the plateau of predicting the mean for all 30 epochs at length 200, at 0.01 it leaves it in the 8th). " +
                "dL/dh_t is plotted at the end of training.",
                new GeneratedData(GeneratorKind.Adding, 10000, 1000, 1000, SequenceLength: length),
                new RegressorModel(new SequenceRegressorSpec(new RecurrentSpec(kind, 2, 64), Init: InitScheme.Keras)),
                new TrainingSpec(LossKind.Mse, new OptimizerSpec(OptimizerKind.Adam, 0.01), BatchSize: 64, Clipping: new ClippingSpec(MaxNorm: 1)),
                new Profiles(new Profile(2, new GeneratedData(GeneratorKind.Adding, 2000, 500, 500, length)), new Profile(30)),
                Reference: "0.167 (MSE of predicting the mean); solved below 0.01"));
        return list;
    }
}
