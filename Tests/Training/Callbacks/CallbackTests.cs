using RnnZoo.Tests.Support;
using RnnZoo.Training;
using RnnZoo.Training.Callbacks;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Training.Callbacks;

/// <summary>The loop's events and the standard callbacks: monitors, stop requests, custom losses, cancellation with exact resume.</summary>
[TestFixture]
public class CallbackTests : TempFolderTests
{
    private static FitOptions Options(int epochs) => new(epochs, LossKind.CrossEntropy, new OptimizerSpec(OptimizerKind.Adam, 0.01), Progress: ProgressMode.None, Seed: 3);

    /// <summary>Records the order of events.</summary>
    private sealed class Recorder(List<string> events, string name, CallbackOrder order = CallbackOrder.State) : Callback
    {
        public override CallbackOrder Order => order;
        public override string StateKey => name;
        public override void OnFitStart(TrainingContext context) => events.Add($"{name}:fit_start");
        public override void OnEpochStart(TrainingContext context) => events.Add($"{name}:epoch_start {context.Epoch}");
        public override void OnBatchEnd(TrainingContext context, BatchOutcome outcome) => events.Add($"{name}:batch_end {context.Epoch}.{outcome.Batch}");
        public override void OnEpochEnd(TrainingContext context, EpochRecord record) => events.Add($"{name}:epoch_end {record.Epoch}");
        public override void OnFitEnd(TrainingContext context, FitResult result) => events.Add($"{name}:fit_end {result.Reason}");
    }

    [Test]
    public void Events_ComeInLoopOrder_AndCallbacksRunByTheirOrder()
    {
        var events = new List<string>();
        var (train, _) = TrainingFixtures.SumTask(count: 64); // 2 batches of 32
        using var trainer = new Trainer(TrainingFixtures.SumClassifier(), Options(2),
            callbacks: [new Recorder(events, "report", CallbackOrder.Report), new Recorder(events, "state")]);
        trainer.Fit(train);
        Assert.That(events, Is.EqualTo(new[]
        {
            "state:fit_start", "report:fit_start",
            "state:epoch_start 0", "report:epoch_start 0", "state:batch_end 0.0", "report:batch_end 0.0", "state:batch_end 0.1", "report:batch_end 0.1",
            "state:epoch_end 1", "report:epoch_end 1",
            "state:epoch_start 1", "report:epoch_start 1", "state:batch_end 1.0", "report:batch_end 1.0", "state:batch_end 1.1", "report:batch_end 1.1",
            "state:epoch_end 2", "report:epoch_end 2",
            "state:fit_end Completed", "report:fit_end Completed",
        }));
        Assert.That(trainer.Callbacks.Select(c => c.GetType().Name), Is.EqualTo(new[] { "NanGuard", "LearningRateScheduler", "MemoryTrim", "Recorder", "Recorder" }));
    }

    [Test]
    public void ACallbackOfOnesOwn_StopsAtATargetAccuracy()
    {
        var (train, validation) = TrainingFixtures.SumTask();
        var target = new LambdaCallback(onEpochEnd: (context, record) =>
        {
            if (record.Value("val_accuracy") >= 0.8) context.RequestStop(StopReason.Requested, $"val_accuracy {record.Value("val_accuracy"):F3} reached 0.8");
        });
        using var trainer = new Trainer(TrainingFixtures.SumClassifier(), Options(30), callbacks: [target]);
        var result = trainer.Fit(train, validation);
        Assert.That(result.Reason, Is.EqualTo(StopReason.Requested), result.Message);
        Assert.That(result.History[^1].Metrics["val_accuracy"], Is.GreaterThanOrEqualTo(0.8));
        Assert.That(result.History.SkipLast(1).Select(r => r.Metrics["val_accuracy"]), Is.All.LessThan(0.8), "it stopped at the first epoch that reached it");
        Assert.That(result.History.Count, Is.LessThan(30));
    }

    [Test]
    public void EarlyStopping_OnAMaximisedMetric_StopsAfterPatienceAndRestoresTheBest()
    {
        // SGD, lr 0.1, on MSE towards 10 from w = 0: w_k = 2, 3.6, 4.88, 5.904, ... (see TrainerTests). Monitor "val_mae"
        // against a validation target of 3: |w_k − 3| = 1, 0.6, 1.88, 2.904, ...
        // Min mode: best at epoch 2 (0.6), epochs 3 and 4 worse, patience 2 -> stops after 4 and restores w = 3.6.
        // Max mode (an odd choice for an error, so that max is what is tested): epoch 2 is worse than epoch 1.
        var model = new ScalarModel(0);
        var options = new FitOptions(20, LossKind.Mse, new OptimizerSpec(OptimizerKind.Sgd, 0.1), Progress: ProgressMode.None);
        using (var trainer = new Trainer(model, options, callbacks: [new EarlyStopping(new MetricMonitor("val_mae", MonitorMode.Min), patience: 2)]))
        {
            var result = trainer.Fit(new ConstantSource(10), new ConstantSource(3));
            Assert.That(result.Reason, Is.EqualTo(StopReason.EarlyStopping));
            Assert.That(result.History, Has.Count.EqualTo(4));
            Assert.That(result.Message, Does.Contain("val_mae").And.Contain("best: epoch 2"));
            Assert.That(model.w.item<float>(), Is.EqualTo(3.6f).Within(1e-5));
        }
        var other = new ScalarModel(0);
        using (var trainer = new Trainer(other, options with { Epochs = 6 }, callbacks: [new EarlyStopping(new MetricMonitor("val_mae", MonitorMode.Max), patience: 1)]))
        {
            var result = trainer.Fit(new ConstantSource(10), new ConstantSource(3));
            // Epoch 2 (0.6) is worse than epoch 1 (1.0) in max mode: patience 1 stops right there, and epoch 1's w = 2 comes back.
            Assert.That(result.Reason, Is.EqualTo(StopReason.EarlyStopping));
            Assert.That(result.History, Has.Count.EqualTo(2));
            Assert.That(other.w.item<float>(), Is.EqualTo(2f).Within(1e-5));
        }
    }

    [Test]
    public void MetricMonitor_AutoMode_FollowsKerasNaming()
    {
        Assert.That(new MetricMonitor("val_accuracy").Resolved, Is.EqualTo(MonitorMode.Max));
        Assert.That(new MetricMonitor("val_roc_auc").Resolved, Is.EqualTo(MonitorMode.Max));
        Assert.That(new MetricMonitor("val_loss").Resolved, Is.EqualTo(MonitorMode.Min));
        Assert.That(new MetricMonitor("val_rmse").Resolved, Is.EqualTo(MonitorMode.Min));
    }

    [Test]
    public void ACustomLoss_IsWhatTheLoopMinimises()
    {
        // Twice the MSE: the logged loss doubles and SGD's steps double (w_1 = 0 + 0.1 · 2 · 2 · 10 = 4 instead of 2).
        var model = new ScalarModel(0);
        var doubled = Loss.Custom("double_mse", (p, t) => 2 * nn.functional.mse_loss(p, t.view(p.shape)));
        using var trainer = new Trainer(model, new FitOptions(1, LossKind.Mse, new OptimizerSpec(OptimizerKind.Sgd, 0.1), Progress: ProgressMode.None), loss: doubled);
        var result = trainer.Fit(new ConstantSource(10));
        Assert.That(result.History[0].Loss, Is.EqualTo(200).Within(1e-4), "2 · (0 − 10)²");
        Assert.That(model.w.item<float>(), Is.EqualTo(4f).Within(1e-5));
        Assert.That(trainer.Loss.Name, Is.EqualTo("double_mse"));
    }

    [Test]
    public void Cancellation_StopsAfterTheBatch_AndTheCheckpointResumesBitwise()
    {
        var (train, validation) = TrainingFixtures.SumTask(); // 12 batches per epoch
        var options = Options(4) with { EarlyStopping = new EarlyStoppingSpec(Patience: 5) };
        var uninterrupted = TrainingFixtures.SumClassifier();
        FitResult expected;
        using (var trainer = new Trainer(uninterrupted, options)) expected = trainer.Fit(train, validation);

        var checkpoints = Path.Combine(Dir, "ckpt");
        using var cancellation = new CancellationTokenSource();
        // Cancel in epoch 2, after its 5th batch.
        var canceller = new LambdaCallback(onBatchEnd: (context, outcome) => { if (context.Epoch == 1 && outcome.Batch == 4) cancellation.Cancel(); });
        var first = TrainingFixtures.SumClassifier();
        FitResult interrupted;
        using (var trainer = new Trainer(first, options with { CheckpointDirectory = checkpoints }, callbacks: [canceller]))
            interrupted = trainer.Fit(train, validation, cancellation.Token);
        Assert.That(interrupted.Reason, Is.EqualTo(StopReason.Interrupted));
        Assert.That(interrupted.Message, Does.Contain("epoch 2 after batch 5 of 12"));
        Assert.That(interrupted.History, Has.Count.EqualTo(1));

        var resumed = TrainingFixtures.SumClassifier(seed: 99);
        FitResult result;
        using (var trainer = new Trainer(resumed, options with { CheckpointDirectory = checkpoints, Resume = true })) result = trainer.Fit(train, validation);
        Assert.That(TrainingFixtures.Weights(resumed), Is.EqualTo(TrainingFixtures.Weights(uninterrupted)), "final weights, bit for bit");
        Assert.That(result.History.Select(r => r.Loss), Is.EqualTo(expected.History.Select(r => r.Loss)), "every epoch's training loss, the interrupted one included");
        Assert.That(result.History.Select(r => r.Metrics["accuracy"]), Is.EqualTo(expected.History.Select(r => r.Metrics["accuracy"])));
        Assert.That(result.History.Select(r => r.ValidationLoss), Is.EqualTo(expected.History.Select(r => r.ValidationLoss)));
    }

    [Test]
    public void EarlyStoppingState_IsCheckpointed_SoAResumedRunStopsWhereAnUninterruptedOneDoes()
    {
        // SGD towards 10, validation at 3: best at epoch 2, patience 2 -> stops after epoch 4. Interrupt after epoch 3.
        var options = new FitOptions(20, LossKind.Mse, new OptimizerSpec(OptimizerKind.Sgd, 0.1), EarlyStopping: new EarlyStoppingSpec(Patience: 2),
            Progress: ProgressMode.None, CheckpointDirectory: Path.Combine(Dir, "ckpt"));
        using var cancellation = new CancellationTokenSource();
        var stopAfterThree = new LambdaCallback(onEpochEnd: (_, record) => { if (record.Epoch == 3) cancellation.Cancel(); });
        using (var trainer = new Trainer(new ScalarModel(0), options, callbacks: [stopAfterThree]))
            Assert.That(trainer.Fit(new ConstantSource(10), new ConstantSource(3), cancellation.Token).Reason, Is.EqualTo(StopReason.Interrupted));
        var model = new ScalarModel(-50);
        using var resumedTrainer = new Trainer(model, options with { Resume = true });
        var result = resumedTrainer.Fit(new ConstantSource(10), new ConstantSource(3));
        Assert.That(result.Reason, Is.EqualTo(StopReason.EarlyStopping), result.Message);
        Assert.That(result.History, Has.Count.EqualTo(4));
        Assert.That(model.w.item<float>(), Is.EqualTo(3.6f).Within(1e-5), "the best weights came back from the checkpoint");
    }

    [Test]
    public void TwoCallbacksWithOneStateKey_AreRefused()
    {
        Assert.That(() => new Trainer(new ScalarModel(0), new FitOptions(1, LossKind.Mse, Progress: ProgressMode.None), callbacks: [new NanGuard()]),
            Throws.ArgumentException.With.Message.Contains("'NanGuard'"));
    }
}
