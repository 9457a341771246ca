using System.Diagnostics;
using RnnZoo.Data.Batching;
using RnnZoo.Models;
using RnnZoo.Training.Callbacks;
using RnnZoo.Training.Checkpoints;
using RnnZoo.Training.Diagnostics;
using RnnZoo.Training.Inference;
using RnnZoo.Training.Metrics;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Training;

/// <summary>
/// Keras-<c>fit</c>-like training of any <see cref="SequenceModel"/> on any <see cref="IBatchSource"/>. The loop is small:
/// for each epoch, for each batch, a step (forward, loss, backward, clipping, optimizer), then validation; it raises
/// events, and every concern (early stopping, checkpoints, schedules, the NaN guard, logs, TensorBoard, progress) is a
/// <see cref="Callback"/> holding and checkpointing its own state, as in Lightning. Every batch runs inside its own
/// DisposeScope, so native memory stays flat. The trainer owns its optimizer: dispose it.
/// </summary>
/// <example>
/// <code>
/// var stopAt90 = new LambdaCallback(onEpochEnd: (context, record) =>
/// {
///     if (record.Value("val_accuracy") >= 0.9) context.RequestStop(StopReason.Requested, "reached 90%");
/// });
/// using var trainer = new Trainer(model, new FitOptions(20, LossKind.CrossEntropy), callbacks: [stopAt90]);
/// var result = trainer.Fit(train, validation, cancellationToken);
/// </code>
/// </example>
public sealed class Trainer : IDisposable
{
    private readonly SequenceModel _model;
    private readonly FitOptions _options;
    private readonly Device _device;
    private readonly Evaluator _evaluator;
    private Parameter[]? _parameters;

    /// <summary>Creates a trainer; the model is moved to the options' device.</summary>
    /// <param name="model">The model to train.</param>
    /// <param name="options">Epochs, loss, optimizer and the standard concerns (<see cref="FitOptions.CreateCallbacks"/>).</param>
    /// <param name="output">Where progress goes (default: the console).</param>
    /// <param name="callbacks">More callbacks, after the standard ones within each <see cref="CallbackOrder"/>.</param>
    /// <param name="loss">A loss other than <see cref="FitOptions.Loss"/> (e.g. <see cref="Training.Loss.Custom"/>).</param>
    public Trainer(SequenceModel model, FitOptions options, TextWriter? output = null, IEnumerable<Callback>? callbacks = null, Loss? loss = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _device = DeviceSelection.Parse(options.Device);
        if (options.FlushDenormals) RnnZoo.Models.Runtime.Denormals.Flush(true);
        if (options.KeepLargeBuffers) RnnZoo.Models.Runtime.NativeAllocator.KeepLargeBuffers();
        Output = output ?? Console.Out;
        if (_device.type != DeviceType.CPU) _model.to(_device);
        Loss = loss ?? Training.Loss.From(options.Loss);
        Optimizer = options.OptimizerOrDefault.Create(_model.parameters());
        var all = options.CreateCallbacks(Output).Concat(callbacks ?? []).ToList();
        Callbacks = all.Select((c, i) => (c, i)).OrderBy(p => p.c.Order).ThenBy(p => p.i).Select(p => p.c).ToArray();
        var duplicate = Callbacks.GroupBy(c => c.StateKey).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"callbacks: two callbacks have the state key '{duplicate.Key}'; give one another StateKey (checkpoints keep each one's state under it).", nameof(callbacks));
        _evaluator = new Evaluator(_model, Loss, device: _device);
    }

    /// <summary>The optimizer (its state is checkpointed).</summary>
    public OptimizerHelper Optimizer { get; }

    /// <summary>The loss.</summary>
    public Loss Loss { get; }

    /// <summary>Every callback, in the order they run.</summary>
    public IReadOnlyList<Callback> Callbacks { get; }

    /// <summary>Where progress goes.</summary>
    public TextWriter Output { get; }

    /// <summary>The checkpoint file of this run, or null.</summary>
    public string? CheckpointPath => _options.CheckpointPath;

    /// <summary>
    /// Trains on <paramref name="train"/>, validating on <paramref name="validation"/> after every epoch if given.
    /// With <see cref="FitOptions.Resume"/> and a checkpoint present, continues where it stopped (after an epoch, or after
    /// the batch at which it was cancelled); the result equals that of an uninterrupted run, bit for bit.
    /// <paramref name="cancellationToken"/> stops training after the current batch, writes a checkpoint that resumes
    /// exactly (with a checkpoint directory) and returns <see cref="StopReason.Interrupted"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">Resuming from a truncated, corrupt or foreign checkpoint (it is left untouched).</exception>
    public FitResult Fit(IBatchSource train, IBatchSource? validation = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        var watch = Stopwatch.StartNew();
        manual_seed(_options.Seed);
        var trainingMetrics = Loss.TrainingMetrics();
        var context = new TrainingContext(_model, Optimizer, _options, Loss, train.BatchCount, Output, CheckpointPath,
            (path, c) => SaveCheckpoint(path, c, trainingMetrics));
        if (_options.Resume && CheckpointPath is { } resumeFrom && File.Exists(resumeFrom)) Resume(resumeFrom, context, trainingMetrics);
        foreach (var callback in Callbacks) callback.OnFitStart(context);

        while (context.Epoch < _options.Epochs && !context.StopRequested)
        {
            if (!TrainEpoch(train, context, trainingMetrics, cancellationToken)) break;
            var metrics = new Dictionary<string, double>();
            foreach (var metric in trainingMetrics)
                foreach (var (name, value) in metric.Compute()) metrics[name] = value;
            double? validationLoss = null;
            if (validation is not null)
            {
                var evaluation = _evaluator.Evaluate(validation);
                validationLoss = evaluation.Loss;
                foreach (var (name, value) in evaluation.Metrics) metrics["val_" + name] = value;
            }
            foreach (var callback in Callbacks) callback.OnTrainEpochEnd(context);
            var progress = context.Progress;
            var seconds = progress.Seconds + context.EpochWatch.Elapsed.TotalSeconds;
            var memory = MemoryUse.Now();
            var record = new EpochRecord(context.Epoch + 1, progress.MeanLoss, validationLoss, metrics, context.LearningRate,
                progress.GradientNormSum / progress.Batches, seconds, progress.Samples / Math.Max(seconds, 1e-9),
                memory.ResidentMb, memory);
            context.AddRecord(record);
            (context.Epoch, context.Batch, context.Progress) = (context.Epoch + 1, 0, new EpochProgress());
            foreach (var callback in Callbacks) callback.OnEpochEnd(context, record);
        }

        var history = context.History;
        var reason = context.StopReason ?? StopReason.Completed;
        var result = new FitResult(history, reason, context.StopMessage ?? $"trained {_options.Epochs} epochs", BestEpoch(history), watch.Elapsed.TotalSeconds);
        foreach (var callback in Callbacks) callback.OnFitEnd(context, result);
        return result;
    }

    // One epoch's training batches; false when it ended early (a stop request or a cancellation).
    private bool TrainEpoch(IBatchSource train, TrainingContext context, IReadOnlyList<Metric> trainingMetrics, CancellationToken cancellationToken)
    {
        var resumedWithin = context.Progress.Batches;
        if (resumedWithin == 0) foreach (var metric in trainingMetrics) metric.Reset();
        context.EpochWatch.Restart();
        foreach (var callback in Callbacks) callback.OnEpochStart(context);
        _model.train();
        var index = 0;
        foreach (var batch in ScopedBatches.Of(train.GetBatches(context.Epoch)))
        {
            // A run resumed within this epoch replays its batches up to where it stopped: the batches are a pure function of the epoch.
            if (index < resumedWithin) { index++; continue; }
            context.Batch = index;
            foreach (var callback in Callbacks) callback.OnBatchStart(context);
            var step = Step(batch, trainingMetrics);
            var outcome = new BatchOutcome(index, batch.Size, step.Loss, step.GradientNorm);
            if (outcome.Finite) context.Progress = context.Progress.Add(outcome);
            index++;
            foreach (var callback in Callbacks) callback.OnBatchEnd(context, outcome);
            if (context.StopRequested) return false;
            if (cancellationToken.IsCancellationRequested)
            {
                context.Batch = index;
                context.Progress = context.Progress with { Seconds = context.Progress.Seconds + context.EpochWatch.Elapsed.TotalSeconds };
                context.RequestStop(StopReason.Interrupted,
                    $"interrupted in epoch {context.Epoch + 1} after batch {index} of {context.BatchCount}" +
                    (CheckpointPath is { } path ? $"; its checkpoint {path} resumes it exactly." : " (no checkpoint directory: nothing saved)."));
                foreach (var callback in Callbacks) callback.OnInterrupted(context);
                return false;
            }
        }
        if (context.Progress.Samples == 0) throw new InvalidOperationException($"The training data gave no batch in epoch {context.Epoch + 1}.");
        return true;
    }

    // Epoch with the lowest validation loss (or training loss without validation).
    private static int BestEpoch(IReadOnlyList<EpochRecord> history) =>
        history.Count == 0 ? 0 : history.MinBy(r => r.ValidationLoss ?? r.Loss)!.Epoch;

    private void Resume(string path, TrainingContext context, IReadOnlyList<Metric> trainingMetrics)
    {
        var header = TrainingCheckpoint.Load(path, _model, Optimizer, Callbacks);
        if (header.Epoch > _options.Epochs)
            throw new InvalidDataException($"Checkpoint '{path}' is of epoch {header.Epoch}, beyond the {_options.Epochs} epochs asked for.");
        context.SetHistory(header.History);
        (context.Epoch, context.Batch, context.Progress, context.ResumedFrom) = (header.Epoch, header.Progress.Batches, header.Progress, path);
        foreach (var metric in trainingMetrics) metric.Reset();
        for (var i = 0; i < trainingMetrics.Count && i < header.Progress.MetricStates.Count; i++)
            if (header.Progress.MetricStates[i] is { } state) trainingMetrics[i].LoadState(state);
    }

    private void SaveCheckpoint(string path, TrainingContext context, IReadOnlyList<Metric> trainingMetrics)
    {
        var progress = context.Progress.Batches == 0 ? context.Progress : context.Progress with { MetricStates = trainingMetrics.Select(m => m.SaveState()).ToArray() };
        TrainingCheckpoint.Save(path, new TrainingCheckpoint.Header(TrainingCheckpoint.Format, context.Epoch, progress, context.History.ToList(), _options.Seed),
            _model, Optimizer, Callbacks);
    }

    /// <summary>What one training step measured.</summary>
    /// <param name="Loss">The batch's mean loss (NaN or infinite: the step was not applied).</param>
    /// <param name="GradientNorm">Global L2 norm of the gradients before clipping.</param>
    public readonly record struct StepResult(double Loss, double GradientNorm);

    /// <summary>
    /// One training step on <paramref name="batch"/>: forward, loss, backward, clipping, optimizer step; what
    /// <see cref="Fit"/> does for every batch (the benchmark times this). Run it inside a DisposeScope.
    /// </summary>
    public StepResult TrainStep(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        _model.train();
        return Step(batch, []);
    }

    private StepResult Step(Batch batch, IReadOnlyList<Metric> metrics)
    {
        var (inputs, targets, lengths) = (batch.Inputs.to(_device), batch.Targets.to(_device), batch.Lengths);
        Optimizer.zero_grad();
        var prediction = _model.forward(inputs, lengths);
        var loss = Loss.Compute(prediction, targets);
        var lossValue = loss.item<float>();
        // A non-finite loss is never stepped on: the weights stay those before the batch.
        if (!float.IsFinite(lossValue)) return new StepResult(lossValue, double.NaN);
        loss.backward();
        var norm = ClipAndMeasure(_parameters ??= _model.parameters().ToArray());
        Optimizer.step();
        if (metrics.Count > 0)
            using (no_grad())
                foreach (var metric in metrics) metric.Update(prediction.detach(), targets);
        return new StepResult(lossValue, norm);
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

    /// <summary>Mean loss and metrics of the model on <paramref name="source"/>, without gradients, in eval mode (see <see cref="Evaluator"/>).</summary>
    public Evaluation Evaluate(IBatchSource source) => _evaluator.Evaluate(source);

    /// <inheritdoc />
    public void Dispose() => Optimizer.Dispose();
}
