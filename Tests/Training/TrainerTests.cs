using RnnZoo.Tests.Support;
using RnnZoo.Training;
using RnnZoo.Training.Checkpoints;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Training;

[TestFixture]
public class TrainerTests : TempFolderTests
{
    private static FitOptions Options(int epochs) => new(epochs, LossKind.CrossEntropy, new OptimizerSpec(OptimizerKind.Adam, 0.01), Progress: ProgressMode.None, Seed: 3);

    [Test]
    public void SmallSequenceTask_IsLearned_AndTheSameSeedGivesIdenticalRuns()
    {
        var (train, validation) = TrainingFixtures.SumTask();
        var model = TrainingFixtures.SumClassifier();
        var result = new Trainer(model, Options(12)).Fit(train, validation);
        // Chance is 1/3; the sum over 8 steps of 3 features is learned well within 12 epochs.
        Assert.That(result.History[^1].Metrics["val_accuracy"], Is.GreaterThan(0.85), string.Join("\n", result.History));
        Assert.That(result.History[^1].Loss, Is.LessThan(result.History[0].Loss));

        var again = TrainingFixtures.SumClassifier();
        var second = new Trainer(again, Options(12)).Fit(train, validation);
        Assert.That(second.History.Select(r => r.Loss), Is.EqualTo(result.History.Select(r => r.Loss)));
        Assert.That(second.History.Select(r => r.Metrics["val_accuracy"]), Is.EqualTo(result.History.Select(r => r.Metrics["val_accuracy"])));
        Assert.That(TrainingFixtures.Weights(again), Is.EqualTo(TrainingFixtures.Weights(model)));
    }

    [Test]
    public void Resume_FromACheckpoint_EndsBitwiseEqualToAnUninterruptedRun()
    {
        var (train, validation) = TrainingFixtures.SumTask();
        var options = Options(6) with { Schedule = new RnnZoo.Training.Schedules.ScheduleSpec(RnnZoo.Training.Schedules.ScheduleKind.Cosine, TMax: 6) };
        var uninterrupted = TrainingFixtures.SumClassifier();
        new Trainer(uninterrupted, options).Fit(train, validation);

        var checkpoints = Path.Combine(Dir, "ckpt");
        var first = TrainingFixtures.SumClassifier();
        new Trainer(first, options with { Epochs = 3, CheckpointDirectory = checkpoints }).Fit(train, validation);
        // A fresh process would start from a fresh model: take one initialised differently.
        var resumed = TrainingFixtures.SumClassifier(seed: 99);
        var result = new Trainer(resumed, options with { CheckpointDirectory = checkpoints, Resume = true }).Fit(train, validation);
        Assert.That(result.History.Select(r => r.Epoch), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(TrainingFixtures.Weights(resumed), Is.EqualTo(TrainingFixtures.Weights(uninterrupted)));
    }

    [Test]
    public void CorruptOrTruncatedCheckpoint_IsRefusedClearly_AndLeftAsItIs()
    {
        var (train, _) = TrainingFixtures.SumTask(count: 64);
        var checkpoints = Path.Combine(Dir, "ckpt");
        var options = Options(2) with { CheckpointDirectory = checkpoints };
        new Trainer(TrainingFixtures.SumClassifier(), options).Fit(train);
        var path = Path.Combine(checkpoints, "checkpoint.bin");
        var good = File.ReadAllBytes(path);

        File.WriteAllBytes(path, good[..(good.Length - 100)]);
        var truncated = File.ReadAllBytes(path);
        Assert.That(() => new Trainer(TrainingFixtures.SumClassifier(), options with { Epochs = 4, Resume = true }).Fit(train),
            Throws.InstanceOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("checksum"));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(truncated), "the checkpoint is left as it is");

        var flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0xff;
        File.WriteAllBytes(path, flipped);
        Assert.That(() => CheckpointFile.Read(path), Throws.InstanceOf<InvalidDataException>().With.Message.Contains("corrupt"));
    }

    [Test]
    public void EarlyStopping_StopsAtTheRightEpoch_OnACraftedValidationCurve_AndRestoresTheBest()
    {
        // SGD, lr 0.1, on MSE towards 10 from w = 0: w_k = 10 (1 − 0.8^k) = 2, 3.6, 4.88, 5.904, ...
        // Validation target 3: val_loss_k = (w_k − 3)² = 1, 0.36, 3.5344, 8.433216, ...: best at epoch 2.
        // Patience 2: epochs 3 and 4 do not improve, so training stops after epoch 4 and w goes back to 3.6.
        var model = new ScalarModel(0);
        var options = new FitOptions(20, LossKind.Mse, new OptimizerSpec(OptimizerKind.Sgd, 0.1), EarlyStopping: new EarlyStoppingSpec(Patience: 2), Progress: ProgressMode.None);
        var result = new Trainer(model, options).Fit(new ConstantSource(10), new ConstantSource(3));
        Assert.That(result.Reason, Is.EqualTo(StopReason.EarlyStopping));
        Assert.That(result.History, Has.Count.EqualTo(4));
        Assert.That(result.BestEpoch, Is.EqualTo(2));
        Assert.That(result.History.Select(r => r.ValidationLoss!.Value), Is.EqualTo(new[] { 1, 0.36, 3.5344, 8.433216 }).Within(1e-4));
        Assert.That(model.w.item<float>(), Is.EqualTo(3.6f).Within(1e-5));
    }

    [Test]
    public void ClippingByNorm_BoundsTheUpdate_ClippingByValue_BoundsEachElement()
    {
        // SGD with lr 1 and no momentum moves the weights by exactly the (clipped) gradient.
        var (train, _) = TrainingFixtures.SumTask(count: 32);
        float[] Delta(ClippingSpec? clipping)
        {
            var model = TrainingFixtures.SumClassifier();
            var before = TrainingFixtures.Weights(model);
            new Trainer(model, new FitOptions(1, LossKind.CrossEntropy, new OptimizerSpec(OptimizerKind.Sgd, 1), Clipping: clipping, Progress: ProgressMode.None)).Fit(train);
            return TrainingFixtures.Weights(model).Zip(before, (a, b) => a - b).ToArray();
        }
        double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));
        Assert.That(Norm(Delta(null)), Is.GreaterThan(0.05), "the unclipped step is larger than the bound");
        Assert.That(Norm(Delta(new ClippingSpec(MaxNorm: 0.05))), Is.LessThanOrEqualTo(0.05 + 1e-5));
        Assert.That(Delta(new ClippingSpec(MaxValue: 0.001)).Max(Math.Abs), Is.LessThanOrEqualTo(0.001 + 1e-6));
    }

    [Test]
    public void NaNLoss_StopsTheRun_KeepsTheLastGoodCheckpointAndWeights()
    {
        var checkpoints = Path.Combine(Dir, "ckpt");
        var model = new ScalarModel(0);
        var options = new FitOptions(10, LossKind.Mse, new OptimizerSpec(OptimizerKind.Sgd, 0.1), CheckpointDirectory: checkpoints, Progress: ProgressMode.None);
        var output = new StringWriter();
        var result = new Trainer(model, options, output).Fit(new ConstantSource(10, nanFromEpoch: 2));
        Assert.That(result.Reason, Is.EqualTo(StopReason.NonFiniteLoss));
        Assert.That(result.Message, Does.Contain("NaN").And.Contain("epoch 3"));
        Assert.That(result.History, Has.Count.EqualTo(2));
        Assert.That(model.w.item<float>(), Is.EqualTo(3.6f).Within(1e-5), "weights of epoch 2");
        var kept = CheckpointFile.Read(Path.Combine(checkpoints, "checkpoint.bin"));
        Assert.That(CheckpointFile.FromJson<System.Text.Json.JsonElement>(kept["header"]).GetProperty("epoch").GetInt32(), Is.EqualTo(2));
    }

    [Test]
    public void Memory_RssAfterTheLastOfTenEpochs_IsWithinFivePercentOfEpochTwo()
    {
        var (train, validation) = TrainingFixtures.SumTask(count: 256);
        var rss = new Dictionary<int, double>();
        var measure = new RnnZoo.Training.Callbacks.LambdaCallback(onEpochEnd: (_, record) =>
        {
            GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
            rss[record.Epoch] = RssMegabytes();
        });
        using var trainer = new Trainer(TrainingFixtures.SumClassifier(), Options(10), callbacks: [measure]);
        trainer.Fit(train, validation);
        TestContext.Progress.WriteLine($"RSS after epoch 2: {rss[2]:F1} MB, after epoch 10: {rss[10]:F1} MB");
        Assert.That(rss[10], Is.LessThanOrEqualTo(rss[2] * 1.05));
    }

    [Test]
    public void Cuda_WhereAbsent_IsAClearError()
    {
        Assume.That(cuda.is_available(), Is.False);
        Assert.That(() => DeviceSelection.Parse("cuda"), Throws.ArgumentException.With.Message.Contains("CUDA is not available"));
        Assert.That(() => DeviceSelection.Parse("tpu"), Throws.ArgumentException.With.Message.Contains("Unknown device"));
        Assert.That(DeviceSelection.Parse("CPU").type, Is.EqualTo(TorchSharp.DeviceType.CPU));
    }

    [Test]
    public void MetricsLog_HasOneLinePerEpochAndASummary()
    {
        var (train, validation) = TrainingFixtures.SumTask(count: 64);
        var log = Path.Combine(Dir, "metrics.jsonl");
        new Trainer(TrainingFixtures.SumClassifier(), Options(3) with { MetricsLog = log }).Fit(train, validation);
        var lines = File.ReadAllLines(log).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(lines, Has.Count.EqualTo(4));
        foreach (var key in new[] { "loss", "val_loss", "lr", "grad_norm", "seconds", "samples_per_s" })
            Assert.That(lines[0].TryGetProperty(key, out _), Is.True, key);
        Assert.That(lines[0].GetProperty("metrics").GetProperty("val_accuracy").GetDouble(), Is.InRange(0, 1));
        Assert.That(lines[3].GetProperty("summary").GetBoolean(), Is.True);
    }

    private static double RssMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"));
        return double.Parse(line[6..].Trim().Split(' ')[0]) / 1024;
    }
}
