using RnnZoo.Experiments;
using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Tests.Experiments.Diagnostics;

/// <summary><c>rnnzoo doctor</c>, <c>--version</c> and which commands need libtorch, through the command line.</summary>
[TestFixture]
[NonParallelizable]
public class DoctorCommandTests
{
    private static (int Code, string Output) RunMain(params string[] args)
    {
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try { return (Program.Main(args), output.ToString()); }
        finally { Console.SetOut(original); }
    }

    [Test]
    public void Doctor_OnThisMachine_FindsLibTorchLoading_AndExitsZero()
    {
        var (code, output) = RunMain("doctor");
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("libtorch").And.Contain("a tensor sums right").And.EndWith("All well." + Environment.NewLine));
        foreach (var name in new[] { "rnnzoo", ".NET", "TorchSharp", "backend", "threads", "processor", "CUDA", "data cache" })
            Assert.That(output, Does.Match($@"(?m)^.{{6}}{System.Text.RegularExpressions.Regex.Escape(name)} "), name);
        Assert.That(output, Does.Contain($"{Environment.ProcessorCount} processors"));
        if (OperatingSystem.IsLinux()) Assert.That(output, Does.Contain("libstdc++").And.Contain("compatibility  step "));
    }

    [Test]
    public void Print_ExitsOne_WhenAnyCheckFailed()
    {
        var checks = new[] { new DoctorCheck("a", "fine", DoctorStatus.Ok), new DoctorCheck("b", "broken", DoctorStatus.Failure, new[] { "fix: this" }) };
        var output = new StringWriter();
        Assert.That(Doctor.Print(checks, output), Is.EqualTo(1));
        Assert.That(output.ToString().Split(Environment.NewLine), Is.EqualTo(new[] { "ok    a  fine", "FAIL  b  broken", "         fix: this", "1 problem (FAIL above).", "" }));
    }

    [Test]
    public void Version_PrintsRnnZooTorchSharpAndLibTorch()
    {
        var (code, output) = RunMain("--version");
        Assert.That(code, Is.Zero);
        Assert.That(output, Is.EqualTo(BuildInfo.VersionText() + Environment.NewLine));
    }

    [Test]
    public void Needs_IsTrueForTrainingCommands_AndFalseForThoseThatRunWithoutLibTorch()
    {
        bool Needs(params string[] args) => LibTorchGuard.Needs(Program.BuildRootCommand().Parse(args));
        Assert.That(Needs("run", "seed003-wuv-rnn"), Is.True);
        Assert.That(Needs("data", "csv", "x.csv"), Is.True);
        Assert.That(Needs("bench", "series-rnn128"), Is.True);
        Assert.That(Needs("list"), Is.False);
        Assert.That(Needs("doctor"), Is.False);
        Assert.That(Needs("results", "runs"), Is.False);
        Assert.That(Needs("--version"), Is.False);
        Assert.That(Needs(), Is.False);
    }

    [Test]
    public void Check_StopsACommandThatNeedsLibTorch_WithThePlainExplanation_AndLetsTheOthersRun()
    {
        var failed = NativeLibraryCheck.Probe(name => throw new DllNotFoundException(
            $"Unable to load shared library '{name}' or one of its dependencies.\n/x/lib{name}.so: cannot open shared object file: No such file or directory\n"),
            "linux-x64", new[] { "linux-x64" });
        var error = new StringWriter();
        Assert.That(LibTorchGuard.Check(Program.BuildRootCommand().Parse(new[] { "run", "seed003-wuv-rnn" }), error, failed), Is.EqualTo(1));
        Assert.That(error.ToString(), Is.EqualTo(failed.Problem!.Explain() + Environment.NewLine));
        Assert.That(error.ToString(), Does.StartWith("error: libtorch (TorchSharp's native library) cannot be used: libtorch for linux-x64 is not beside rnnzoo."));

        var quiet = new StringWriter();
        Assert.That(LibTorchGuard.Check(Program.BuildRootCommand().Parse(new[] { "list" }), quiet, failed), Is.Null);
        Assert.That(quiet.ToString(), Is.Empty);
    }

    [Test]
    public void RunOnCuda_WhereThereIsNone_PrintsThePlainExplanation_AndExitsOne()
    {
        Assume.That(TorchSharp.torch.cuda.is_available(), Is.False, "this machine has CUDA");
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int code;
        var output = Directory.CreateTempSubdirectory("rnnzoo-cuda-").FullName;
        try { code = Program.Main(new[] { "run", "seed003-wuv-rnn", "--device", "cuda", "--out", output }); }
        finally { Console.SetError(original); Directory.Delete(output, true); }
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.ToString(), Is.EqualTo(BackendProblem.CudaUnavailable("cuda").Explain() + Environment.NewLine));
    }
}
