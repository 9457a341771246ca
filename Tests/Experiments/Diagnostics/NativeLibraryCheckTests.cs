using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Tests.Experiments.Diagnostics;

/// <summary>The libtorch probe, with a loader delegate that fails as the real one does, and the real one here.</summary>
[TestFixture]
public class NativeLibraryCheckTests
{
    [Test]
    public void Probe_LoadsTorchCpuThenLibTorchSharp_AndReportsSuccess()
    {
        var asked = new List<string>();
        var probe = NativeLibraryCheck.Probe(name => { asked.Add(name); return new IntPtr(1); }, "linux-x64", new[] { "linux-x64" });
        Assert.That(asked, Is.EqualTo(new[] { "torch_cpu", "LibTorchSharp" }), "TorchSharp's order");
        Assert.That(probe, Is.EqualTo(new LibTorchProbe(true, null)));
    }

    [Test]
    public void Probe_WithAMissingBackend_StopsAtTheFirstFailure_WithThePlainExplanation()
    {
        var asked = new List<string>();
        var probe = NativeLibraryCheck.Probe(name =>
        {
            asked.Add(name);
            throw new DllNotFoundException($"Unable to load shared library '{name}' or one of its dependencies.\n/x/lib{name}.so: cannot open shared object file: No such file or directory\n");
        }, "win-x64", new[] { "win-x64" });
        Assert.That(asked, Is.EqualTo(new[] { "torch_cpu" }));
        Assert.That(probe.Loaded, Is.False);
        Assert.That(probe.Problem!.Kind, Is.EqualTo(BackendProblemKind.MissingBackend));
        Assert.That(probe.Problem.Explain(), Does.Contain("libtorch for win-x64 is not beside rnnzoo").And.Contain("libtorch-cpu-win-x64"));
    }

    [Test]
    public void Probe_OnThisMachine_LoadsTheTestOutputsLibTorch()
    {
        // The test output's libLibTorchSharp.so went through the build step, so it loads wherever the tests run.
        var probe = NativeLibraryCheck.Probe();
        Assert.That(probe.Loaded, Is.True, probe.Problem?.Explain());
        Assert.That(NativeLibraryCheck.PlatformRuntimeIdentifier, Is.EqualTo(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier),
            ".NET's own portable runtime identifier agrees");
    }
}
