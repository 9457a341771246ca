using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Tests.Experiments.Diagnostics;

[TestFixture]
public class BuildInfoTests
{
    [Test]
    public void Versions_ComeFromTheAssemblies_AndTheChosenBackend()
    {
        // TorchSharp's assembly version, read independently of BuildInfo.
        var torchSharp = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        Assert.That(BuildInfo.TorchSharpVersion, Does.StartWith($"{torchSharp.Major}.{torchSharp.Minor}.{torchSharp.Build}"));
        Assert.That(BuildInfo.LibTorchVersion, Does.Match(@"^\d+\.\d+\.\d+$"));
        Assert.That(BuildInfo.LibTorchRuntimeIdentifiers, Is.EqualTo(new[] { NativeLibraryCheck.PlatformRuntimeIdentifier }), "a build for no RID takes this machine's");
        var lines = BuildInfo.VersionText().Split(Environment.NewLine);
        Assert.That(lines[0], Is.EqualTo($"rnnzoo {BuildInfo.RnnZooVersion}"));
        Assert.That(lines[1], Is.EqualTo($"TorchSharp {BuildInfo.TorchSharpVersion}, libtorch {BuildInfo.LibTorchVersion} (CPU: libtorch-cpu-{NativeLibraryCheck.PlatformRuntimeIdentifier})"));
    }

    [Test]
    public void ShortenCommit_KeepsSevenHexDigits_AndLeavesOtherSuffixesAlone()
    {
        Assert.That(BuildInfo.ShortenCommit("0.1.0+343e62f7418e3d0a988649974b527e9c790bc128"), Is.EqualTo("0.1.0+343e62f"));
        Assert.That(BuildInfo.ShortenCommit("0.1.0-test1+abc"), Is.EqualTo("0.1.0-test1+abc"));
        Assert.That(BuildInfo.ShortenCommit("0.1.0+build.local"), Is.EqualTo("0.1.0+build.local"));
        Assert.That(BuildInfo.ShortenCommit("0.107.0"), Is.EqualTo("0.107.0"));
    }
}
