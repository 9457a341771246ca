using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Tests.Experiments.Diagnostics;

/// <summary>
/// The plain explanation of a libtorch that cannot be used, from the loader's messages as glibc and .NET 10 word them
/// (recorded on Debian 12: the unrelaxed libLibTorchSharp.so, a missing file, Debian's own libtorch 1.13 picked up).
/// </summary>
[TestFixture]
public class BackendProblemTests
{
    private const string Prefix = "Unable to load shared library '{0}' or one of its dependencies. In order to help diagnose loading problems, " +
                                  "consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n";
    private static readonly string[] Linux = { "linux-x64" };

    private static string Message(string library, params string[] lines) => string.Format(Prefix, library) + string.Join("\n", lines) + "\n";

    private static readonly string Glibcxx = Message("LibTorchSharp",
        "/opt/rnnzoo/LibTorchSharp.so: cannot open shared object file: No such file or directory",
        "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /opt/rnnzoo/libLibTorchSharp.so)",
        "/opt/rnnzoo/libLibTorchSharp: cannot open shared object file: No such file or directory");

    [Test]
    public void OldLibstdcxx_NamesTheVersion_AndTheBuildStepAsTheFix()
    {
        var problem = BackendProblem.FromLoadFailure("LibTorchSharp", Glibcxx, "linux-x64", Linux);
        Assert.That(problem.Kind, Is.EqualTo(BackendProblemKind.LibstdcxxTooOld));
        Assert.That(problem.Reason, Is.EqualTo("libLibTorchSharp.so needs GLIBCXX_3.4.32 from /lib/x86_64-linux-gnu/libstdc++.so.6, which this system's libstdc++ is too old to have"));
        Assert.That(problem.Fix, Does.Contain("build step").And.Contain("dotnet tool install rnnzoo").And.Contain("GCC 13"));
        Assert.That(problem.LoaderMessage, Is.EqualTo(Glibcxx));
    }

    [Test]
    public void OldLibstdcxx_ForAVersionTheStepCannotRelax_OnlyOffersANewerLibstdcxx()
    {
        var message = Glibcxx.Replace("GLIBCXX_3.4.32", "GLIBCXX_3.4.29");
        var problem = BackendProblem.FromLoadFailure("LibTorchSharp", message, "linux-x64", Linux);
        Assert.That(problem.Kind, Is.EqualTo(BackendProblemKind.LibstdcxxTooOld));
        Assert.That(problem.Fix, Does.StartWith("use a distribution with GCC 13's libstdc++").And.Contain("only GLIBCXX_3.4.32"));
    }

    [Test]
    public void NoLibTorchFile_IsAMissingBackend_WithReinstallAsTheFix()
    {
        var message = Message("torch_cpu",
            "/opt/rnnzoo/torch_cpu.so: cannot open shared object file: No such file or directory",
            "/opt/rnnzoo/libtorch_cpu.so: cannot open shared object file: No such file or directory",
            "/opt/rnnzoo/torch_cpu: cannot open shared object file: No such file or directory",
            "/opt/rnnzoo/libtorch_cpu: cannot open shared object file: No such file or directory");
        var problem = BackendProblem.FromLoadFailure("torch_cpu", message, "linux-x64", Linux);
        Assert.That(problem.Kind, Is.EqualTo(BackendProblemKind.MissingBackend));
        Assert.That(problem.Reason, Is.EqualTo("libtorch for linux-x64 is not beside rnnzoo"));
        Assert.That(problem.Fix, Does.Contain("dotnet tool install").And.Contain("libtorch-cpu-linux-x64"));
    }

    [Test]
    public void ABuildForAnotherPlatform_SaysWhichPlatformsItCarries()
    {
        var message = Message("torch_cpu", "/opt/rnnzoo/libtorch_cpu.so: cannot open shared object file: No such file or directory");
        var problem = BackendProblem.FromLoadFailure("torch_cpu", message, "linux-x64", new[] { "win-x64" });
        Assert.That(problem.Kind, Is.EqualTo(BackendProblemKind.MissingBackend));
        Assert.That(problem.Reason, Is.EqualTo("this rnnzoo carries libtorch for win-x64, and this machine is linux-x64"));
        Assert.That(problem.Fix, Does.Contain("-r linux-x64"));
    }

    [Test]
    public void AMissingDependencyOfLibTorch_IsNamed()
    {
        var message = Message("torch_cpu",
            "/opt/rnnzoo/torch_cpu.so: cannot open shared object file: No such file or directory",
            "libgomp-98b21ff3.so.1: cannot open shared object file: No such file or directory");
        var problem = BackendProblem.FromLoadFailure("torch_cpu", message, "linux-x64", Linux);
        Assert.That(problem.Kind, Is.EqualTo(BackendProblemKind.MissingDependency));
        Assert.That(problem.Reason, Is.EqualTo("torch_cpu was found, but libgomp-98b21ff3.so.1, which it needs, was not"));
    }

    [Test]
    public void ALibTorchOfAnotherVersion_IsNamedWithWhereItCameFrom()
    {
        var message = Message("LibTorchSharp",
            "/opt/rnnzoo/libLibTorchSharp.so: undefined symbol: _ZNK5torch2nn6Module5cloneERKSt8optionalIN3c106DeviceEE");
        var problem = BackendProblem.FromLoadFailure("LibTorchSharp", message, "linux-x64", Linux, "/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0");
        Assert.That(problem.Kind, Is.EqualTo(BackendProblemKind.MismatchedLibTorch));
        Assert.That(problem.Reason, Does.StartWith("libLibTorchSharp.so does not fit the libtorch that loaded (/usr/lib/x86_64-linux-gnu/libtorch_cpu.so.1.13.0)")
                                        .And.Contain("_ZNK5torch2nn6Module5clone"));
    }

    [Test]
    public void AnUnsupportedPlatform_NamesTheSupportedOnes()
    {
        var message = Message("torch_cpu", "/opt/rnnzoo/libtorch_cpu.so: cannot open shared object file: No such file or directory");
        var problem = BackendProblem.FromLoadFailure("torch_cpu", message, "linux-arm64", Linux);
        Assert.That(problem.Kind, Is.EqualTo(BackendProblemKind.UnsupportedPlatform));
        Assert.That(problem.Reason, Is.EqualTo("TorchSharp ships libtorch for linux-x64, win-x64, osx-arm64 only, and this machine is linux-arm64"));
    }

    [Test]
    public void Explain_IsTwoLines_WithTheFixAndThePointerToTheDoctor()
    {
        var lines = BackendProblem.FromLoadFailure("LibTorchSharp", Glibcxx, "linux-x64", Linux).Explain().Split(Environment.NewLine);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Does.StartWith("error: libtorch (TorchSharp's native library) cannot be used: libLibTorchSharp.so needs GLIBCXX_3.4.32"));
        Assert.That(lines[1], Does.StartWith("  fix: ").And.EndWith("'rnnzoo doctor' tells more."));
        Assert.That(BackendProblem.CudaUnavailable("cuda:1").Explain(), Does.Contain("--device cuda:1").And.Contain("use --device cpu"));
    }

    [Test]
    public void InformativeLines_DropTheNameVariantsThatWereMerelyTried()
    {
        Assert.That(BackendProblem.InformativeLines(Glibcxx), Is.EqualTo(new[]
        {
            string.Format(Prefix, "LibTorchSharp").Trim(),
            "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /opt/rnnzoo/libLibTorchSharp.so)",
        }));
    }

    [Test]
    public void FromException_ReadsTorchSharpsTypeInitialiserAndTheLoader_AndNothingElse()
    {
        var torchSharp = new TypeInitializationException("TorchSharp.torch",
            new NotSupportedException("This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.10.0.0."));
        Assert.That(BackendProblem.FromException(torchSharp, "linux-x64", Linux)!.Kind, Is.EqualTo(BackendProblemKind.MissingBackend));

        var loader = new TypeInitializationException("TorchSharp.torch", new DllNotFoundException(Glibcxx));
        Assert.That(BackendProblem.FromException(loader, "linux-x64", Linux)!.Kind, Is.EqualTo(BackendProblemKind.LibstdcxxTooOld));

        var cuda = new InvalidOperationException("Torch device type CUDA did not initialise on the current machine. Trace from LoadNativeBackend: ...");
        Assert.That(BackendProblem.FromException(cuda, "linux-x64", Linux)!.Kind, Is.EqualTo(BackendProblemKind.CudaUnavailable));

        Assert.That(BackendProblem.FromException(new InvalidOperationException("a bad checkpoint"), "linux-x64", Linux), Is.Null);
        Assert.That(BackendProblem.FromException(new TypeInitializationException("RnnZoo.Other", new FormatException()), "linux-x64", Linux), Is.Null);
    }
}
