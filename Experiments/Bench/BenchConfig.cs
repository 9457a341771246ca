using RnnZoo.Models;

namespace RnnZoo.Experiments.Bench;

/// <summary>What the task of a benchmark configuration is.</summary>
public enum BenchTask
{
    /// <summary>Token ids → embedding → recurrent network → linear on the last step; cross-entropy.</summary>
    Classify,
    /// <summary>Features → recurrent network → linear on every step; MSE.</summary>
    Regress,
}

/// <summary>
/// One benchmark configuration, with exactly the shapes of the PyTorch peer (<c>shared/peer/pytorch_peer.py</c>),
/// so both sides time the same work.
/// </summary>
public sealed record BenchConfig(
    string Name, BenchTask Task, RnnKind Kind, int Hidden, int Layers, bool Bidirectional, int Batch, int Steps,
    int Vocabulary = 0, int Embedding = 0, int Classes = 2, int Features = 0, int Outputs = 1, string Description = "")
{
    /// <summary>Features entering the recurrent network.</summary>
    public int InputSize => Task == BenchTask.Classify ? Embedding : Features;

    /// <summary>The four configurations of the peer.</summary>
    public static IReadOnlyList<BenchConfig> All { get; } = new[]
    {
        new BenchConfig("imdb-lstm2", BenchTask.Classify, RnnKind.Lstm, Hidden: 100, Layers: 2, Bidirectional: false, Batch: 64, Steps: 500,
            Vocabulary: 10000, Embedding: 50, Classes: 2, Description: "seed 002: Embedding(10000,50) -> LSTM(100) x2 -> Linear(2), T=500, batch 64"),
        new BenchConfig("imdb-bigru", BenchTask.Classify, RnnKind.Gru, Hidden: 128, Layers: 1, Bidirectional: true, Batch: 64, Steps: 200,
            Vocabulary: 10000, Embedding: 64, Classes: 2, Description: "Embedding(10000,64) -> BiGRU(128) -> Linear(2), T=200, batch 64"),
        new BenchConfig("series-rnn128", BenchTask.Regress, RnnKind.Rnn, Hidden: 128, Layers: 1, Bidirectional: false, Batch: 64, Steps: 50,
            Features: 1, Outputs: 1, Description: "seed 001: RNN(128) -> Linear(1) on every step, T=50, batch 64"),
        new BenchConfig("series-lstm2", BenchTask.Regress, RnnKind.Lstm, Hidden: 64, Layers: 2, Bidirectional: false, Batch: 128, Steps: 100,
            Features: 4, Outputs: 1, Description: "LSTM(64) x2 over 4 features -> Linear(1) on every step, T=100, batch 128"),
    };

    /// <summary>Finds a configuration by name.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static BenchConfig Find(string name) =>
        All.FirstOrDefault(c => c.Name == name)
        ?? throw new ArgumentException($"Unknown benchmark configuration '{name}'; known: {string.Join(", ", All.Select(c => c.Name))}.");
}
