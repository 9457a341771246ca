using RnnZoo.Tests.Support;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Tests.Experiments;

/// <summary>
/// Faults a run folder meets: two writers, a folder that holds a run, a resume with other settings, damaged files, kills
/// at random points and Ctrl+C. Each ends in a one-line error with its exit code (and no file changed) or in a clean
/// resume that ends where an uninterrupted run does, bit for bit.
/// </summary>
[TestFixture]
[NonParallelizable] // in-process runs write to the console
public class RunFolderFaultTests : TempFolderTests
{
    // seed003's cell over 10 steps: a second an epoch; 6 epochs leave time to act after the first.
    private static readonly string[] Quick = { "run", "seed003-wuv-rnn", "--profile", "quick", "--no-tensorboard", "--progress", "lines" };

    private string[] Args(string folder, params string[] more) =>
        Quick.Concat(new[] { "--out", folder }).Concat(more.Contains("--epochs") ? [] : new[] { "--epochs", "6" }).Concat(more).ToArray();

    private string FinishedRun(string name = "run", params string[] more)
    {
        var folder = Path.Combine(Dir, name);
        var (code, _, err) = Cli.Run(Args(folder, more));
        Assert.That(code, Is.Zero, err);
        return folder;
    }

    [Test]
    public void ASecondWriter_IsRefusedAtOnce_NamingTheHolder_AndTheFirstRunIsUntouched()
    {
        var folder = Path.Combine(Dir, "shared");
        var firstEpoch = new ManualResetEventSlim();
        using var first = Cli.Start(Args(folder, "--seed", "0", "--epochs", "30"), line => { if (line.StartsWith("epoch 1/")) firstEpoch.Set(); });
        Assert.That(firstEpoch.Wait(TimeSpan.FromMinutes(5)), Is.True, first.Output);
        var (code, output) = Cli.RunChild(Args(folder, "--seed", "3"));
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain($"in use by process {first.Id}"));
        Assert.That(RunFolder.ReadConfig(folder).Seed, Is.Zero, "config.json is the first run's");
        first.Kill();
        // The lock died with its holder: the folder is free again, for a resume.
        var (resumed, resumeOutput) = Cli.RunChild(Args(folder, "--seed", "0", "--epochs", "30", "--resume"));
        Assert.That(resumed, Is.Zero, resumeOutput);
        Assert.That(File.ReadLines(Path.Combine(folder, "metrics.jsonl")).Count(l => l.StartsWith("{\"epoch\"")), Is.EqualTo(30));
    }

    [Test]
    public void AFolderHoldingARun_IsNotOverwrittenWithoutAWord()
    {
        var folder = FinishedRun();
        var before = Cli.Hashes(folder);
        var (code, _, err) = Cli.Run(Args(folder, "--seed", "1"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("holds a finished run").And.Contain("--resume").And.Contain("--overwrite"));
        Assert.That(Cli.Hashes(folder), Is.EqualTo(before), "nothing changed");

        var (overwritten, output, err2) = Cli.Run(Args(folder, "--seed", "1", "--overwrite"));
        Assert.That(overwritten, Is.Zero, err2);
        Assert.That(output, Does.Contain("overwriting a finished run"));
        Assert.That(RunFolder.ReadConfig(folder).Seed, Is.EqualTo(1));
    }

    [Test]
    public void AResumeWithOtherSettings_IsRefusedListingThem_AndChangesNoFile()
    {
        var folder = FinishedRun("run", "--epochs", "2");
        var before = Cli.Hashes(folder);
        var (code, _, err) = Cli.Run(Args(folder, "--epochs", "3", "--resume", "--batch-size", "32", "--seed", "7", "--learning-rate", "0.1"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(err, Does.Contain("seed: 0 -> 7").And.Contain("training.batch_size: 64 -> 32").And.Contain("training.optimizer.learning_rate: 0.01 -> 0.1"));
        Assert.That(Cli.Hashes(folder), Is.EqualTo(before), "a refused resume changes no file");

        // Only the epochs may grow: the run then trains further, and config.json says so.
        var (grown, _, err2) = Cli.Run(Args(folder, "--epochs", "3", "--resume"));
        Assert.That(grown, Is.Zero, err2);
        Assert.That(RunFolder.ReadConfig(folder).Epochs, Is.EqualTo(3));
    }

    [Test]
    public void DamagedFiles_AreOneLineErrors_AndLeftAsTheyAre()
    {
        var folder = FinishedRun("run", "--epochs", "2");
        void Damaged(string file, Func<byte[], byte[]> damage, string[] args, int expectedCode, string expectedText)
        {
            var path = Path.Combine(folder, file);
            var good = File.ReadAllBytes(path);
            File.WriteAllBytes(path, damage(good));
            var before = Cli.Hashes(folder);
            var (code, _, err) = Cli.Run(args);
            Assert.That(code, Is.EqualTo(expectedCode), $"{file}: {err}");
            Assert.That(err.Trim().Split('\n'), Has.Length.EqualTo(1), $"{file}: one line: {err}");
            Assert.That(err, Does.Contain(expectedText), file);
            Assert.That(Cli.Hashes(folder), Is.EqualTo(before), $"{file}: left as it is, and no other file changed");
            File.WriteAllBytes(path, good);
        }
        byte[] Truncate(byte[] b) => b[..(b.Length / 2)];
        byte[] Flip(byte[] b) { var c = (byte[])b.Clone(); c[c.Length / 2] ^= 0xff; return c; }
        Damaged("config.json", Truncate, new[] { "eval", folder }, 1, "config.json");
        Damaged("config.json", b => System.Text.Encoding.UTF8.GetBytes("{\"format\": 1}"), new[] { "eval", folder }, 1, "not a run configuration");
        Damaged("model.bin", Truncate, new[] { "eval", folder }, 1, "model.bin");
        Damaged("checkpoints/checkpoint.bin", Flip, Args(folder, "--epochs", "3", "--resume"), 1, "checksum");
        Damaged("checkpoints/checkpoint.bin", Truncate, Args(folder, "--epochs", "3", "--resume"), 1, "checkpoint");
    }

    [Test]
    public void KillsAtRandomPoints_ThenResumes_EndBitwiseAsAnUninterruptedRun()
    {
        var uninterrupted = FinishedRun("uninterrupted");
        var folder = Path.Combine(Dir, "killed");
        var random = new Random(12);
        // Three kills at random moments (some during a save, some between), each followed by a resume.
        for (var kill = 0; kill < 3; kill++)
        {
            var started = DateTime.UtcNow;
            var epochs = 0;
            using var child = Cli.Start(Args(folder, kill == 0 ? [] : ["--resume"]), line => { if (line.StartsWith("epoch ")) Interlocked.Increment(ref epochs); });
            var wait = TimeSpan.FromMilliseconds(random.Next(300, 2500));
            while (DateTime.UtcNow - started < TimeSpan.FromMinutes(5) && (Volatile.Read(ref epochs) == 0 || DateTime.UtcNow - started < wait)) Thread.Sleep(20);
            child.Kill();
            if (File.Exists(Path.Combine(folder, "model.bin"))) break; // it finished before the kill
            Assert.That(File.Exists(RunFolder.CheckpointPath(folder)), Is.True, $"kill {kill}: a checkpoint to resume from");
        }
        if (!File.Exists(Path.Combine(folder, "model.bin")))
        {
            // A killed save leaves a temporary file behind; the next run that owns the folder removes it.
            File.WriteAllText(Path.Combine(folder, "checkpoints", "checkpoint.bin.99999.tmp"), "half a checkpoint");
            File.WriteAllText(Path.Combine(folder, "model.bin.tmp"), "half a model");
            var (code, output) = Cli.RunChild(Args(folder, "--resume"));
            Assert.That(code, Is.Zero, output);
            Assert.That(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories), Is.Empty, "stale temporary files removed");
        }
        Assert.That(File.ReadAllBytes(Path.Combine(folder, "model.bin")), Is.EqualTo(File.ReadAllBytes(Path.Combine(uninterrupted, "model.bin"))), "final weights, bit for bit");
        Assert.That(File.ReadLines(Path.Combine(folder, "metrics.jsonl")).Count(l => l.StartsWith("{\"epoch\"")), Is.EqualTo(6), "each epoch logged once");
    }

    [Test]
    public void CtrlC_StopsAfterTheBatch_ExitsWith130_AndTheRunResumesBitwise()
    {
        var uninterrupted = FinishedRun("uninterrupted");
        var folder = Path.Combine(Dir, "interrupted");
        var firstEpoch = new ManualResetEventSlim();
        using (var child = Cli.Start(Args(folder), line => { if (line.StartsWith("epoch 1/")) firstEpoch.Set(); }))
        {
            Assert.That(firstEpoch.Wait(TimeSpan.FromMinutes(5)), Is.True, child.Output);
            child.Signal(2); // SIGINT, as Ctrl+C
            var code = child.WaitForExit();
            if (File.Exists(Path.Combine(folder, "model.bin"))) Assert.Inconclusive("the run finished before the signal arrived");
            Assert.That(code, Is.EqualTo(130), child.Output);
            Assert.That(child.Output, Does.Contain("interrupted").And.Contain("--resume"));
        }
        var (resumed, output) = Cli.RunChild(Args(folder, "--resume"));
        Assert.That(resumed, Is.Zero, output);
        Assert.That(File.ReadAllBytes(Path.Combine(folder, "model.bin")), Is.EqualTo(File.ReadAllBytes(Path.Combine(uninterrupted, "model.bin"))));
    }

    [Test]
    public void BadUsage_IsExitCodeTwo_WithAPlainMessage()
    {
        (int Code, string Err) Run(params string[] args) { var (c, _, e) = Cli.Run(args); return (c, e); }
        Assert.That(Run("run", "nosuch").Code, Is.EqualTo(2));
        Assert.That(Run("run", "nosuch").Err, Does.Contain("Unknown experiment 'nosuch'"));
        Assert.That(Run("run", "seed003-wuv-rnn", "--epochs", "0").Code, Is.EqualTo(2));
        var abc = Run("run", "seed003-wuv-rnn", "--epochs", "abc");
        Assert.That(abc.Code, Is.EqualTo(2));
        Assert.That(abc.Err, Does.Contain("--epochs: 'abc' is not a whole number").And.Not.Contain("Nullable"));
        var gpu = Run("run", "seed003-wuv-rnn", "--device", "gpu");
        Assert.That((gpu.Code, gpu.Err.Contains("--device: 'gpu' is not a device")), Is.EqualTo((2, true)));
        var file = Path.Combine(Dir, "a-file");
        File.WriteAllText(file, "");
        var onFile = Run(Args(file));
        Assert.That((onFile.Code, onFile.Err.Contains("is a file, not a folder")), Is.EqualTo((2, true)), onFile.Err);
        Assert.That(Run("run", "seed003-wuv-rnn", "--resume").Code, Is.EqualTo(2), "--resume without --out");
        Assert.That(Run("run").Code, Is.EqualTo(2), "no experiment");
        Assert.That(Run("run", "seed002-imdb-lstm", "--out", Path.Combine(Dir, "imdb")).Code, Is.EqualTo(1), "IMDB without --data-dir: the data is missing");
        Assert.That(Run("list").Code, Is.Zero);
    }
}
