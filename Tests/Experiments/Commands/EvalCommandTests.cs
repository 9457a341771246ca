using System.Globalization;
using System.Text.RegularExpressions;
using RnnZoo.Tests.Support;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Tests.Experiments.Commands;

/// <summary><c>rnnzoo eval --dtype</c>: a trained run evaluated again, in float32 and in bfloat16.</summary>
[NonParallelizable] // in-process runs write to the console
public sealed class EvalCommandTests : TempFolderTests
{
    private static double Accuracy(string line) =>
        double.Parse(Regex.Match(line, @" accuracy ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);

    [Test]
    public void Eval_RepeatsTheRunsTestAccuracy_BFloat16StaysWithinTwoPoints_OtherDtypesAreBadUsage()
    {
        var summary = ExperimentRunner.Run(Zoo.Find("seed000-basic-rnn"), new RunSettings(OutputDirectory: Dir, Progress: ProgressMode.None, TensorBoard: false), TextWriter.Null);

        var (code, output, error) = Cli.Run("eval", Dir);
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("float32"));
        Assert.That(Accuracy(output), Is.EqualTo(summary.TestMetrics["accuracy"]).Within(5e-5), "float32 eval repeats the run's own test accuracy");

        (code, output, error) = Cli.Run("eval", Dir, "--dtype", "bf16");
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("bfloat16"));
        Assert.That(Accuracy(output), Is.EqualTo(summary.TestMetrics["accuracy"]).Within(0.02), "bfloat16 against the float32 test accuracy");

        Assert.That(Cli.Run("eval", Dir, "--dtype", "fp16").Code, Is.EqualTo(2), "an unknown dtype is bad usage");
    }
}
