using System.Diagnostics;
using RnnZoo.Data.Batching;
using RnnZoo.Models;
using RnnZoo.Training.Checkpoints;
using RnnZoo.Training.Logging;
using RnnZoo.Training.Metrics;
using RnnZoo.Training.Schedules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Training;

/// <summary>
/// Keras-<c>fit</c>-like training for any <see cref="SequenceModel"/> and any <see cref="IBatchSource"/>: optimizer,
/// clipping, validation, early stopping, schedules, checkpoints with exact resume, metrics log and progress.
/// Every batch runs inside its own DisposeScope, so native memory stays flat.
/// </summary>
public sealed class Trainer
{
    private readonly SequenceModel _model;
    private readonly FitOptions _options;
    private readonly Device _device;
    private readonly TextWriter _output;

    /// <summary>Creates a trainer; the model is moved to the options' device.</summary>
    public Trainer(SequenceModel model, FitOptions options, TextWriter? output = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _device = DeviceSelection.Parse(options.Device);
        if (options.FlushDenormals) RnnZoo.Models.Runtime.Denormals.Flush(true);
        _output = output ?? Console.Out;
        if (_device.type != DeviceType.CPU) _model.to(_device);
        Optimizer = (options.Optimizer ?? new OptimizerSpec()).Create(_model.parameters());
        Schedule = new LearningRateSchedule(options.Schedule ?? new ScheduleSpec(), (options.Optimizer ?? new OptimizerSpec()).LearningRate);
    }

    /// <summary>The optimizer (its state is checkpointed).</summary>
    public OptimizerHelper Optimizer { get; }

    /// <summary>The learning-rate schedule.</summary>
    public LearningRateSchedule Schedule { get; }

    /// <summary>Raised after each epoch with its record (after its checkpoint is written).</summary>
    public event Action<EpochRecord>? EpochCompleted;

    /// <summary>The checkpoint file of this run, or null.</summary>
    public string? CheckpointPath => _options.CheckpointDirectory is { } d ? Path.Combine(d, "checkpoint.bin") : null;

    /// <summary>
    /// Trains on <paramref name="train"/>, validating on <paramref name="validation"/> after every epoch if given.
    /// With <see cref="FitOptions.Resume"/> and a checkpoint present, continues after its epoch; the result equals
    /// that of an uninterrupted run.
    /// </summary>
    /// <exception cref="InvalidDataException">Resuming from a truncated or corrupt checkpoint (it is left untouched).</exception>
    public FitResult Fit(IBatchSource train, IBatchSource? validation = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        var watch = Stopwatch.StartNew();
        var state = new RunState();
        manual_seed(_options.Seed);
        if (_options.Resume && CheckpointPath is { } resumeFrom && File.Exists(resumeFrom)) state = LoadCheckpoint(resumeFrom);
        // On resume the log is rewritten from the checkpoint's history: a run killed between an epoch's log line
        // and its checkpoint would otherwise log that epoch twice.
        using var log = _options.MetricsLog is { } logPath ? new MetricsLog(logPath, append: false) : null;
        foreach (var record in state.History) log?.WriteEpoch(record);
        using var progress = new ProgressReporter(_output, _options.Progress, _options.Epochs, train.BatchCount);
        if (state.Epoch > 0) progress.Note($"resumed after epoch {state.Epoch} from {CheckpointPath}");

        var reason = StopReason.Completed;
        var message = $"trained {_options.Epochs} epochs";
        Dictionary<string, Tensor>? lastGood = Snapshot();
        for (var epoch = state.Epoch; epoch < _options.Epochs; epoch++)
        {
            var epochWatch = Stopwatch.StartNew();
            var learningRate = Schedule.CurrentLearningRate;
            foreach (var group in Optimizer.ParamGroups) group.LearningRate = learningRate;

            var (loss, accuracy, gradientNorm, samples, failure) = TrainEpoch(train, epoch, progress);
            if (failure is not null)
            {
                Restore(lastGood!);
                reason = StopReason.NonFiniteLoss;
                message = $"stopped: {failure}. The weights of the last good epoch ({state.Epoch}) were put back" +
                          (CheckpointPath is not null && File.Exists(CheckpointPath) ? $" and its checkpoint {CheckpointPath} kept." : ".");
                progress.Note(message);
                break;
            }
            var metrics = new Dictionary<string, double>();
            if (accuracy is { } a) metrics["accuracy"] = a;
            double? validationLoss = null;
            if (validation is not null)
            {
                var evaluation = Evaluate(validation);
                validationLoss = evaluation.Loss;
                foreach (var (k, v) in evaluation.Metrics) metrics["val_" + k] = v;
            }
            var seconds = epochWatch.Elapsed.TotalSeconds;
            Diagnostics.NativeHeap.Trim(); // freed batch memory back to the system: resident memory stays flat across epochs
            var record = new EpochRecord(epoch + 1, loss, validationLoss, metrics, learningRate, gradientNorm, seconds, samples / Math.Max(seconds, 1e-9),
                Math.Round(Environment.WorkingSet / 1048576.0, 1));
            state.History.Add(record);
            state.Epoch = epoch + 1;

            var monitored = validationLoss ?? loss;
            if (monitored < state.BestValue - (_options.EarlyStopping?.MinDelta ?? 0))
            {
                state.BestValue = monitored;
                state.BestEpoch = epoch + 1;
                state.BadEpochs = 0;
                if (_options.EarlyStopping is { RestoreBestWeights: true }) Replace(ref state.BestWeights, Snapshot());
            }
            else state.BadEpochs++;
            Schedule.Advance(epoch + 1, validationLoss);
            Replace(ref lastGood, Snapshot());

            // Keras' rule: stop once the number of epochs without improvement reaches the patience.
            var stop = _options.EarlyStopping is { } es && validation is not null && state.BadEpochs > 0 && state.BadEpochs >= es.Patience;
            // The checkpoint is written before the epoch is announced: whoever sees "epoch k" can rely on it.
            if (CheckpointPath is { } path && (state.Epoch % _options.CheckpointEvery == 0 || state.Epoch == _options.Epochs || stop))
                SaveCheckpoint(path, state);
            log?.WriteEpoch(record);
            progress.EpochDone(record);
            EpochCompleted?.Invoke(record);
            if (stop)
            {
                reason = StopReason.EarlyStopping;
                message = $"early stopping after epoch {epoch + 1}: no validation improvement for {state.BadEpochs} epochs (best: epoch {state.BestEpoch}, val_loss {state.BestValue:G5})";
                progress.Note(message);
                break;
            }
        }
        if (_options.EarlyStopping is { RestoreBestWeights: true } && state.BestWeights is not null && reason != StopReason.NonFiniteLoss)
            Restore(state.BestWeights);
        Dispose(lastGood);
        Dispose(state.BestWeights);
        var result = new FitResult(state.History, reason, message, state.BestEpoch, watch.Elapsed.TotalSeconds);
        log?.WriteSummary(result);
        return result;
    }

    private (double Loss, double? Accuracy, double GradientNorm, long Samples, string? Failure) TrainEpoch(IBatchSource train, int epoch, ProgressReporter progress)
    {
        _model.train();
        double lossSum = 0, gradientSum = 0;
        long samples = 0, correct = 0;
        var batches = 0;
        var classification = Losses.IsClassification(_options.Loss);
        var parameters = _model.parameters().ToArray();
        foreach (var batch in InOwnScope(train.GetBatches(epoch)))
        {
            var step = Step(batch, parameters, countCorrect: classification && _options.Loss == LossKind.CrossEntropy);
            if (!double.IsFinite(step.Loss))
                return (double.NaN, null, double.NaN, samples, $"the training loss became {step.Loss} at epoch {epoch + 1}, batch {batches + 1}");
            gradientSum += step.GradientNorm;
            lossSum += step.Loss * batch.Size;
            correct += step.Correct;
            samples += batch.Size;
            batches++;
            progress.BatchDone(epoch, batches, lossSum / samples);
        }
        if (samples == 0) throw new InvalidOperationException($"The training data gave no batch in epoch {epoch + 1}.");
        double? accuracy = classification && _options.Loss == LossKind.CrossEntropy ? correct / (double)samples : null;
        return (lossSum / samples, accuracy, gradientSum / batches, samples, null);
    }

    /// <summary>
    /// Yields each batch inside a DisposeScope of its own, opened before the batch is drawn (so the tensors the source
    /// makes for it are freed with it, not left to the GC) and closed when the caller's loop asks for the next one.
    /// </summary>
    private static IEnumerable<Batch> InOwnScope(IEnumerable<Batch> batches)
    {
        using var enumerator = batches.GetEnumerator();
        while (true)
        {
            using var scope = NewDisposeScope();
            if (!enumerator.MoveNext()) yield break;
            yield return enumerator.Current;
        }
    }

    /// <summary>What one training step measured.</summary>
    /// <param name="Loss">The batch's mean loss (NaN or infinite: the step was not applied).</param>
    /// <param name="GradientNorm">Global L2 norm of the gradients before clipping.</param>
    /// <param name="Correct">Correct predictions in the batch (when counted), else 0.</param>
    public readonly record struct StepResult(double Loss, double GradientNorm, long Correct);

    /// <summary>
    /// One training step on <paramref name="batch"/>: forward, loss, backward, clipping, optimizer step; what
    /// <see cref="Fit"/> does for every batch (the benchmark times this). Run it inside a DisposeScope.
    /// </summary>
    public StepResult TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _model.train();
        return Step(batch, _parameters ??= _model.parameters().ToArray(), countCorrect: false);
    }

    private Parameter[]? _parameters;

    private StepResult Step(Batch batch, Parameter[] parameters, bool countCorrect)
    {
        var (inputs, targets, lengths) = (batch.Inputs.to(_device), batch.Targets.to(_device), batch.Lengths);
        Optimizer.zero_grad();
        var prediction = _model.forward(inputs, lengths);
        var loss = Losses.Compute(_options.Loss, prediction, targets);
        var lossValue = loss.item<float>();
        if (!float.IsFinite(lossValue)) return new StepResult(lossValue, double.NaN, 0);
        loss.backward();
        var norm = ClipAndMeasure(parameters);
        Optimizer.step();
        var correct = countCorrect && prediction.dim() == 2 ? prediction.argmax(1).eq(targets).sum().item<long>() : 0;
        return new StepResult(lossValue, norm, correct);
    }

    // Global L2 norm of the gradients before clipping; clipping by norm or by value when asked.
    private double ClipAndMeasure(Parameter[] parameters)
    {
        var clipping = _options.Clipping;
        if (clipping?.MaxNorm is { } maxNorm)
            return nn.utils.clip_grad_norm_(parameters, maxNorm);
        var withGrad = parameters.Where(p => p.grad is not null).Select(p => p.grad!).ToArray();
        var norm = withGrad.Length == 0 ? 0 : stack(withGrad.Select(g => g.norm()).ToArray()).norm().item<float>();
        if (clipping?.MaxValue is { } maxValue) nn.utils.clip_grad_value_(parameters, maxValue);
        return norm;
    }

    /// <summary>Mean loss and metrics of the model on <paramref name="source"/>, without gradients, in eval mode.</summary>
    public (double Loss, Dictionary<string, double> Metrics) Evaluate(IBatchSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _model.eval();
        using var noGrad = no_grad();
        double lossSum = 0;
        long samples = 0;
        var labels = new List<long>();
        var predicted = new List<long>();
        var scores = new List<double>();
        var actual = new List<double>();
        var estimates = new List<double>();
        foreach (var batch in InOwnScope(source.GetBatches(0)))
        {
            var prediction = _model.forward(batch.Inputs.to(_device), batch.Lengths);
            var targets = batch.Targets.to(_device);
            lossSum += Losses.Compute(_options.Loss, prediction, targets).item<float>() * batch.Size;
            samples += batch.Size;
            switch (_options.Loss)
            {
                case LossKind.CrossEntropy when prediction.dim() == 2:
                    labels.AddRange(targets.cpu().data<long>().ToArray());
                    predicted.AddRange(prediction.argmax(1).cpu().data<long>().ToArray());
                    if (prediction.shape[1] == 2) scores.AddRange(prediction.softmax(1)[.., 1].cpu().to(ScalarType.Float64).data<double>().ToArray());
                    break;
                case LossKind.BinaryCrossEntropyWithLogits:
                    var probability = prediction.sigmoid().flatten().cpu().to(ScalarType.Float64).data<double>().ToArray();
                    labels.AddRange(targets.flatten().cpu().to(ScalarType.Int64).data<long>().ToArray());
                    predicted.AddRange(probability.Select(p => p >= 0.5 ? 1L : 0L));
                    scores.AddRange(probability);
                    break;
                case LossKind.Mse or LossKind.Mae or LossKind.Huber:
                    actual.AddRange(targets.flatten().cpu().to(ScalarType.Float64).data<double>().ToArray());
                    estimates.AddRange(prediction.flatten().cpu().to(ScalarType.Float64).data<double>().ToArray());
                    break;
            }
        }
        if (samples == 0) throw new InvalidOperationException("The evaluation data gave no batch.");
        var metrics = new Dictionary<string, double>();
        if (labels.Count > 0)
        {
            metrics["accuracy"] = ClassificationMetrics.Accuracy(labels, predicted);
            var binary = scores.Count == labels.Count;
            var (p, r, f1) = binary ? ClassificationMetrics.Binary(labels, predicted) : ClassificationMetrics.Macro(labels, predicted);
            (metrics["precision"], metrics["recall"], metrics["f1"]) = (p, r, f1);
            if (binary) metrics["roc_auc"] = ClassificationMetrics.RocAuc(labels, scores);
        }
        if (actual.Count > 0)
        {
            metrics["mae"] = RegressionMetrics.Mae(actual, estimates);
            metrics["rmse"] = RegressionMetrics.Rmse(actual, estimates);
        }
        return (lossSum / samples, metrics);
    }

    /// <summary>The model's outputs for every batch of <paramref name="source"/>, concatenated (on the CPU, owned by the caller's scope).</summary>
    public Tensor Predict(IBatchSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _model.eval();
        using var noGrad = no_grad();
        var outputs = new List<Tensor>();
        foreach (var batch in InOwnScope(source.GetBatches(0)))
        {
            outputs.Add(_model.forward(batch.Inputs.to(_device), batch.Lengths).cpu().MoveToOuterDisposeScope());
        }
        return cat(outputs.ToArray(), 0);
    }

    private Dictionary<string, Tensor> Snapshot()
    {
        using var noGrad = no_grad();
        return _model.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
    }

    // Snapshots live outside every DisposeScope: the one they replace is disposed here, or memory grows each epoch.
    private static void Replace(ref Dictionary<string, Tensor>? slot, Dictionary<string, Tensor> value)
    {
        Dispose(slot);
        slot = value;
    }

    private static void Dispose(Dictionary<string, Tensor>? weights)
    {
        if (weights is null) return;
        foreach (var t in weights.Values) t.Dispose();
    }

    private void Restore(Dictionary<string, Tensor> weights)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in _model.state_dict()) tensor.copy_(weights[name]);
    }

    private sealed class RunState
    {
        public int Epoch;
        public List<EpochRecord> History = new();
        public double BestValue = double.PositiveInfinity;
        public int BestEpoch;
        public int BadEpochs;
        public Dictionary<string, Tensor>? BestWeights;
    }

    private sealed record Header(int Epoch, List<EpochRecord> History, double BestValue, int BestEpoch, int BadEpochs,
        double ScheduleLearningRate, double ScheduleBest, int ScheduleBadEpochs, int Seed, bool HasBestWeights);

    private void SaveCheckpoint(string path, RunState state)
    {
        var sections = new Dictionary<string, byte[]>
        {
            ["header"] = CheckpointFile.ToJson(new Header(state.Epoch, state.History, state.BestValue, state.BestEpoch, state.BadEpochs,
                Schedule.CurrentLearningRate, Schedule.Best, Schedule.BadEpochs, _options.Seed, state.BestWeights is not null)),
            ["model"] = ModuleBytes(_model.state_dict()),
            ["optimizer"] = OptimizerBytes(),
            ["rng"] = random.get_rng_state().data<byte>().ToArray(),
        };
        if (state.BestWeights is not null) sections["best_model"] = ModuleBytes(state.BestWeights);
        CheckpointFile.Write(path, sections);
    }

    private RunState LoadCheckpoint(string path)
    {
        var sections = CheckpointFile.Read(path);
        foreach (var required in new[] { "header", "model", "optimizer", "rng" })
            if (!sections.ContainsKey(required)) throw new InvalidDataException($"Checkpoint '{path}' has no '{required}' section.");
        var header = CheckpointFile.FromJson<Header>(sections["header"]);
        if (header.Epoch > _options.Epochs)
            throw new InvalidDataException($"Checkpoint '{path}' is of epoch {header.Epoch}, beyond the {_options.Epochs} epochs asked for.");
        using (var stream = new MemoryStream(sections["model"]))
            _model.load(stream);
        using (var reader = new BinaryReader(new MemoryStream(sections["optimizer"])))
            Optimizer.load_state_dict(reader);
        var rng = sections["rng"];
        random.set_rng_state(tensor(rng, dtype: ScalarType.Byte));
        Schedule.Restore(header.ScheduleLearningRate, header.ScheduleBest, header.ScheduleBadEpochs);
        var state = new RunState
        {
            Epoch = header.Epoch, History = header.History, BestValue = header.BestValue, BestEpoch = header.BestEpoch, BadEpochs = header.BadEpochs,
        };
        if (sections.TryGetValue("best_model", out var best))
        {
            state.BestWeights = Snapshot();
            using var module = new MemoryStream(best);
            LoadInto(state.BestWeights, module);
        }
        return state;
    }

    private static byte[] ModuleBytes(Dictionary<string, Tensor> weights)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            nn.Module.save_state_dict(writer, weights);
        return stream.ToArray();
    }

    private void LoadInto(Dictionary<string, Tensor> weights, Stream stream)
    {
        // The best weights have the model's layout: load them through a scratch copy of the model's state.
        var current = Snapshot();
        _model.load(stream);
        using (no_grad())
            foreach (var (name, tensor) in _model.state_dict()) weights[name].copy_(tensor);
        Restore(current);
        Dispose(current);
    }

    private byte[] OptimizerBytes()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            Optimizer.save_state_dict(writer);
        return stream.ToArray();
    }
}
