using RnnZoo.Training;
using RnnZoo.Training.Callbacks;
using RnnZoo.Training.Schedules;

namespace RnnZoo.Tests.Training.Schedules;

/// <summary>The rates every schedule gives, by the formulas of PyTorch's schedulers worked by hand, and as the loop applies them.</summary>
[TestFixture]
public class LearningRateSchedulerTests
{
    [Test]
    public void OneCycle_RisesToThePeakAtPctStart_ThenFallsToTheFinalRate()
    {
        // lr 0.1, 10 steps, pct 0.3, div 25, final div 1e4: initial 0.004, final 4e-7; peak at step 0.3·10 − 1 = 2.
        // Step 1: cosine from 0.004 to 0.1 at half way: 0.1 + (0.004 − 0.1)/2 · (cos(π/2) + 1) = 0.052.
        // Step 9 (the last): 4e-7. Step 5: 3/7 of the way down: 4e-7 + (0.1 − 4e-7)/2 · (cos(3π/7) + 1).
        var scheduler = new LearningRateScheduler(new ScheduleSpec(ScheduleKind.OneCycle), 0.1);
        Assert.That(scheduler.OneCycleRate(0, 10), Is.EqualTo(0.004).Within(1e-12));
        Assert.That(scheduler.OneCycleRate(1, 10), Is.EqualTo(0.052).Within(1e-12));
        Assert.That(scheduler.OneCycleRate(2, 10), Is.EqualTo(0.1).Within(1e-12));
        Assert.That(scheduler.OneCycleRate(5, 10), Is.EqualTo(4e-7 + (0.1 - 4e-7) / 2 * (Math.Cos(3 * Math.PI / 7) + 1)).Within(1e-12));
        Assert.That(scheduler.OneCycleRate(9, 10), Is.EqualTo(4e-7).Within(1e-15));
    }

    [Test]
    public void EpochWiseKinds_FollowTheirFormulas()
    {
        var step = new LearningRateScheduler(new ScheduleSpec(ScheduleKind.Step, StepSize: 2, Gamma: 0.5), 0.08);
        Assert.That(Enumerable.Range(0, 5).Select(step.EpochRate), Is.EqualTo(new[] { 0.08, 0.08, 0.04, 0.04, 0.02 }).Within(1e-12));
        var cosine = new LearningRateScheduler(new ScheduleSpec(ScheduleKind.Cosine, TMax: 4, MinLearningRate: 0.01), 0.09);
        // min + (lr − min)(1 + cos(π t / T)) / 2: t = 2 -> 0.05; t >= 4 -> 0.01.
        Assert.That(cosine.EpochRate(2), Is.EqualTo(0.05).Within(1e-12));
        Assert.That(cosine.EpochRate(6), Is.EqualTo(0.01).Within(1e-12));
    }

    [Test]
    public void TheLoopAppliesPerBatchRates_WarmupThenOneCycle()
    {
        // 3 epochs of 2 batches (6 steps) of one-cycle at 0.1 with a 2-step warm-up; record the rate each batch saw.
        var seen = new List<double>();
        var recorder = new LambdaCallback(onBatchEnd: (context, _) => seen.Add(context.LearningRate));
        var options = new FitOptions(3, LossKind.Mse, new OptimizerSpec(OptimizerKind.Sgd, 0.1), new ScheduleSpec(ScheduleKind.OneCycle, WarmupSteps: 2), Progress: ProgressMode.None);
        using (var trainer = new Trainer(new ScalarModel(0), options, callbacks: [recorder])) trainer.Fit(new TwoBatchSource());
        var cycle = new LearningRateScheduler(new ScheduleSpec(ScheduleKind.OneCycle), 0.1);
        var expected = Enumerable.Range(0, 6).Select(s => cycle.OneCycleRate(s, 6) * (s < 2 ? (s + 1) / 2.0 : 1)).ToArray();
        Assert.That(seen, Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void ReduceOnPlateau_WatchesAnyMetric()
    {
        // The training loss is constant (SGD at lr ~0 on w): after epoch 1 it never improves; PyTorch cuts once the bad epochs
        // exceed the patience (1): after epochs 3 and 5, so epochs 4 and 5 train at half the rate.
        var rates = new List<double>();
        var recorder = new LambdaCallback(onEpochEnd: (_, record) => rates.Add(record.LearningRate));
        var options = new FitOptions(5, LossKind.Mse, new OptimizerSpec(OptimizerKind.Sgd, 1e-12),
            new ScheduleSpec(ScheduleKind.ReduceOnPlateau, Factor: 0.5, Patience: 1, Monitor: new MetricMonitor("loss")), Progress: ProgressMode.None);
        using (var trainer = new Trainer(new ScalarModel(0), options, callbacks: [recorder])) trainer.Fit(new ConstantSource(10));
        Assert.That(rates, Is.EqualTo(new[] { 1e-12, 1e-12, 1e-12, 0.5e-12, 0.5e-12 }).Within(1e-20));
    }

    private sealed class TwoBatchSource : RnnZoo.Data.Batching.IBatchSource
    {
        public long SampleCount => 8;
        public int BatchCount => 2;
        public IEnumerable<RnnZoo.Data.Batching.Batch> GetBatches(int epoch)
        {
            yield return new(TorchSharp.torch.zeros(4, 1, 1), TorchSharp.torch.full(4, 1, 1f));
            yield return new(TorchSharp.torch.zeros(4, 1, 1), TorchSharp.torch.full(4, 1, 1f));
        }
    }
}
