using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Data.Batching;
using RnnZoo.Models.Tasks;
using RnnZoo.Models.Runtime;
using RnnZoo.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Bench;

/// <summary>Which code computes a benchmark step.</summary>
public enum BenchImplementation
{
    /// <summary>The loop a user writes without RnnZoo: TorchSharp's nn.Embedding, nn.LSTM/GRU/RNN, nn.Linear, Adam.
    /// With lengths, TorchSharp's own way: a PackedSequence.</summary>
    Bare,
    /// <summary>RnnZoo's task model over fused kernels, trained by the harness's TrainStep.</summary>
    Fused,
    /// <summary>RnnZoo's task model over its reference cells, trained by RnnZoo's training step.</summary>
    Reference,
}

/// <summary>
/// One benchmark workload: a model, an optimizer and one random batch of the configuration's shape, with a
/// training step (forward, loss, backward, Adam) and an inference step (forward without gradients).
/// </summary>
public sealed class BenchWorkload : IDisposable
{
    private readonly Func<Tensor> _train;
    private readonly Func<Tensor> _infer;
    private readonly IReadOnlyList<nn.Module> _modules;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor[] _data;

    private BenchWorkload(IReadOnlyList<nn.Module> modules, optim.Optimizer optimizer, Func<Tensor> train, Func<Tensor> infer, Tensor[] data)
    {
        (_modules, _optimizer, _train, _infer, _data) = (modules, optimizer, train, infer, data);
    }

    /// <summary>Builds the workload. <paramref name="lengths"/>: random lengths in [T/2, T] (post-padded) instead of full length.</summary>
    /// <param name="config">The shapes.</param>
    /// <param name="implementation">Which code computes the steps.</param>
    /// <param name="lengths">Random lengths in [T/2, T] (post-padded) instead of full length.</param>
    /// <param name="seed">Seed of the weights and the data.</param>
    /// <param name="flushDenormals">The harness's setting for the zoo implementations (the process's setting applies to all).</param>
    /// <param name="dtype">float32, or bfloat16 for inference only (the models converted by <see cref="LowPrecision.Convert"/>,
    /// the bare loop's modules by <c>to</c>).</param>
    /// <exception cref="ArgumentException">bfloat16 training was asked for: <see cref="Train"/> then throws.</exception>
    public static BenchWorkload Create(BenchConfig config, BenchImplementation implementation, bool lengths, int seed = 0, bool flushDenormals = true,
        ScalarType dtype = ScalarType.Float32)
    {
        manual_seed(seed);
        var generator = new Random(seed);
        var (batch, time) = (config.Batch, config.Steps);
        var lengthArray = Enumerable.Range(0, batch).Select(_ => lengths ? (long)generator.Next(time / 2, time + 1) : time).ToArray();
        var lengthTensor = lengths ? tensor(lengthArray) : null;

        Tensor x, y;
        if (config.Task == BenchTask.Classify)
        {
            x = randint(1, config.Vocabulary, new long[] { batch, time });
            if (lengthTensor is not null) x = x.masked_fill(arange(time).unsqueeze(0) >= lengthTensor.unsqueeze(1), 0);
            y = randint(0, config.Classes, new long[] { batch });
        }
        else
        {
            x = randn(batch, time, config.Features);
            if (lengthTensor is not null) x = x.masked_fill((arange(time).unsqueeze(0) >= lengthTensor.unsqueeze(1)).unsqueeze(-1), 0);
            y = randn(batch, time, config.Outputs);
        }
        var data = lengthTensor is null ? new[] { x, y } : new[] { x, y, lengthTensor };

        var workload = implementation == BenchImplementation.Bare
            ? CreateBare(config, x, y, lengthTensor, data, dtype)
            : CreateZoo(config, implementation, x, y, lengthTensor, data, flushDenormals, dtype);
        workload._dtype = dtype;
        return workload;
    }

    private ScalarType _dtype = ScalarType.Float32;

    private static BenchWorkload CreateZoo(BenchConfig config, BenchImplementation implementation, Tensor x, Tensor y, Tensor? lengths, Tensor[] data,
        bool flushDenormals, ScalarType dtype)
    {
        var rnn = new RecurrentSpec(config.Kind, config.InputSize, config.Hidden, config.Layers, config.Bidirectional,
            Implementation: implementation == BenchImplementation.Reference ? RecurrentImplementation.Reference : RecurrentImplementation.Fused);
        SequenceModel model = config.Task == BenchTask.Classify
            ? new SequenceClassifier(new SequenceClassifierSpec(rnn, config.Classes, config.Vocabulary, config.Embedding))
            : new SequenceRegressor(new SequenceRegressorSpec(rnn, config.Outputs, RegressionOutput.EveryStep));
        // The harness's own training step (forward, loss, backward, gradient norm, Adam), as an experiment runs it.
        var trainer = new Trainer(model, new FitOptions(1, config.Task == BenchTask.Classify ? LossKind.CrossEntropy : LossKind.Mse, Progress: ProgressMode.None,
            FlushDenormals: flushDenormals));
        var batch = new Batch(x, y, lengths);
        var inference = LowPrecision.Convert(model, dtype);
        return new BenchWorkload(new[] { inference }, trainer.Optimizer, () => tensor((float)trainer.TrainStep(batch).Loss), () => inference.forward(x, lengths), data);
    }

    private static BenchWorkload CreateBare(BenchConfig config, Tensor x, Tensor y, Tensor? lengths, Tensor[] data, ScalarType dtype)
    {
        var d = config.Bidirectional ? 2 : 1;
        nn.Module rnn = config.Kind switch
        {
            RnnKind.Lstm => nn.LSTM(config.InputSize, config.Hidden, config.Layers, batchFirst: true, bidirectional: config.Bidirectional),
            RnnKind.Gru => nn.GRU(config.InputSize, config.Hidden, config.Layers, batchFirst: true, bidirectional: config.Bidirectional),
            _ => nn.RNN(config.InputSize, config.Hidden, config.Layers, batchFirst: true, bidirectional: config.Bidirectional),
        };
        var embedding = config.Task == BenchTask.Classify ? nn.Embedding(config.Vocabulary, config.Embedding) : null;
        var head = nn.Linear(config.Hidden * d, config.Task == BenchTask.Classify ? config.Classes : config.Outputs);
        var modules = embedding is null ? new nn.Module[] { rnn, head } : new nn.Module[] { embedding, rnn, head };
        var optimizer = optim.Adam(modules.SelectMany(m => m.parameters()));
        if (dtype != ScalarType.Float32) foreach (var m in modules) m.to(dtype);

        // Recurrent outputs [B, T, H*d] the way a TorchSharp user writes it: padded, or a PackedSequence with lengths.
        Tensor Outputs(Tensor input)
        {
            var features = embedding is null ? input : embedding.forward(input);
            if (lengths is null)
            {
                return rnn switch
                {
                    LSTM lstm => lstm.forward(features, null).Item1,
                    GRU gru => gru.forward(features, null).Item1,
                    RNN plain => plain.forward(features, null).Item1,
                    _ => throw new InvalidOperationException(),
                };
            }
            var packed = nn.utils.rnn.pack_padded_sequence(features, lengths, batch_first: true, enforce_sorted: false);
            var output = rnn switch
            {
                LSTM lstm => lstm.call(packed, null).Item1,
                GRU gru => gru.call(packed, null).Item1,
                RNN plain => plain.call(packed, null).Item1,
                _ => throw new InvalidOperationException(),
            };
            return nn.utils.rnn.pad_packed_sequence(output, batch_first: true, total_length: input.shape[1]).Item1;
        }

        Tensor Predict(Tensor input)
        {
            var outputs = Outputs(input.is_floating_point() ? input.to(dtype) : input);
            if (config.Task == BenchTask.Regress) return head.forward(outputs);
            var last = lengths is null
                ? outputs[.., -1, ..]
                : outputs.gather(1, (lengths - 1).view(-1, 1, 1).expand(-1, 1, outputs.shape[2])).squeeze(1);
            return head.forward(last);
        }

        Tensor Train()
        {
            optimizer.zero_grad();
            var prediction = Predict(x);
            var loss = config.Task == BenchTask.Classify ? nn.functional.cross_entropy(prediction, y) : nn.functional.mse_loss(prediction, y);
            loss.backward();
            optimizer.step();
            return loss;
        }

        return new BenchWorkload(modules, optimizer, Train, () => Predict(x), data);
    }

    /// <summary>One training step; returns the loss (the caller's dispose scope owns it).</summary>
    public Tensor Train()
    {
        if (_dtype != ScalarType.Float32) throw new InvalidOperationException($"The bench trains in float32 only, not {_dtype} (bfloat16 is for inference).");
        foreach (var m in _modules) m.train();
        return _train();
    }

    /// <summary>One inference step, without gradients; returns the predictions.</summary>
    public Tensor Infer()
    {
        foreach (var m in _modules) m.eval();
        using var noGrad = no_grad();
        return _infer();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        foreach (var m in _modules) m.Dispose();
        foreach (var t in _data) t.Dispose();
    }
}
