using System.IO.Compression;
using System.Xml.Linq;
using RnnZoo.Tests.Support;

namespace RnnZoo.Tests.Packaging;

/// <summary>
/// What every package says about itself (the same as <c>unzip -p X.nupkg '*.nuspec'</c> shows): README, description,
/// tags, licence, repository, a symbols package beside it, and as dependencies exactly what its project references
/// (no pinned transitive package that the project does not use).
/// </summary>
[TestFixture]
[Category("Packaging")]
public class PackageMetadataTests
{
    private static XElement Nuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/'));
        using var stream = entry.Open();
        return XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    private static string? Value(XElement metadata, string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static IEnumerable<string> Entries(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private static List<string> Dependencies(XElement metadata) =>
        metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).OrderBy(id => id, StringComparer.Ordinal).ToList();

    /// <summary>What a project references and would hand on to its consumers: package and project references, less PrivateAssets="all".</summary>
    private static List<string> DirectReferences(string project)
    {
        var xml = XDocument.Load(Path.Combine(DotnetCli.RepositoryRoot(), project));
        var packages = xml.Descendants("PackageReference")
            .Where(r => !string.Equals((string?)r.Attribute("PrivateAssets"), "all", StringComparison.OrdinalIgnoreCase))
            .Select(r => (string)r.Attribute("Include")!);
        var projects = xml.Descendants("ProjectReference").Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!));
        return packages.Concat(projects).OrderBy(id => id, StringComparer.Ordinal).ToList();
    }

    private static void AssertCommonMetadata(XElement metadata, string package)
    {
        Assert.That(Value(metadata, "description"), Is.Not.Null.And.Length.GreaterThan(40), "description");
        Assert.That(Value(metadata, "authors"), Is.Not.Empty, "authors");
        Assert.That(Value(metadata, "license"), Is.EqualTo("MIT"), "license expression");
        Assert.That(Value(metadata, "tags")!.Split(' '), Does.Contain("torchsharp").And.Contain("lstm"), "tags");
        Assert.That(Value(metadata, "readme"), Is.EqualTo("README.md"), "readme");
        Assert.That(Entries(package), Does.Contain("README.md"), "the README inside the package");
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.That((string?)repository.Attribute("type"), Is.EqualTo("git"), "repository type");
    }

    [Test]
    public void Libraries_CarryTheirMetadata_SymbolsAndOnlyTheDependenciesTheyReference()
    {
        var packages = LocalFeed.Libraries();
        for (var i = 0; i < packages.Count; i++)
        {
            var (id, project, package) = (LocalFeed.LibraryIds[i], LocalFeed.LibraryProjects[i], packages[i]);
            var metadata = Nuspec(package);
            Assert.That(Value(metadata, "id"), Is.EqualTo(id));
            AssertCommonMetadata(metadata, package);
            Assert.That(Dependencies(metadata), Is.EqualTo(DirectReferences(project)), $"{id}'s dependencies are what {project} references");
            Assert.That(Dependencies(metadata), Does.Contain("TorchSharp").And.Not.Contain("SharpZipLib"), id);

            var symbols = Path.ChangeExtension(package, ".snupkg");
            Assert.That(File.Exists(symbols), Is.True, $"{Path.GetFileName(symbols)} beside the package");
            Assert.That(Entries(symbols), Does.Contain($"lib/net10.0/{id}.pdb"), "the PDB in the symbols package");
        }
        Assert.That(Dependencies(Nuspec(packages[0])), Has.None.StartsWith("SkiaSharp").And.None.EqualTo("SharpZipLib"), "RnnZoo.Models: not TorchSharp's own dependencies");
    }

    [Test]
    public void Tool_IsAPointerPackage_AndAPlatformPackageWithItsLibTorch()
    {
        var (pointer, platform, _) = LocalFeed.Tool();
        var rid = RnnZoo.Experiments.Diagnostics.NativeLibraryCheck.PlatformRuntimeIdentifier;

        var top = Nuspec(pointer);
        AssertCommonMetadata(top, pointer);
        Assert.That(top.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value, Is.EqualTo("DotnetTool"));
        Assert.That(Dependencies(top), Is.Empty, "a tool package carries everything itself");
        using (var zip = ZipFile.OpenRead(pointer))
        using (var reader = new StreamReader(zip.Entries.Single(e => e.Name == "DotnetToolSettings.xml").Open()))
        {
            var settings = XDocument.Parse(reader.ReadToEnd());
            Assert.That(settings.Descendants("Command").Single().Attribute("Name")!.Value, Is.EqualTo("rnnzoo"));
            Assert.That(settings.Descendants("RuntimeIdentifierPackage").Select(p => (p.Attribute("RuntimeIdentifier")!.Value, p.Attribute("Id")!.Value)),
                Is.EqualTo(new[] { (rid, $"rnnzoo.{rid}") }));
        }

        var inner = Nuspec(platform);
        AssertCommonMetadata(inner, platform);
        Assert.That(inner.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value, Is.EqualTo("DotnetToolRidPackage"));
        Assert.That(Dependencies(inner), Is.Empty);
        var files = Entries(platform).Where(f => f.StartsWith($"tools/net10.0/{rid}/", StringComparison.Ordinal)).Select(f => f[$"tools/net10.0/{rid}/".Length..]).ToList();
        Assert.That(files, Does.Contain("rnnzoo.dll").And.Contain("TorchSharp.dll").And.Contain("DotnetToolSettings.xml"));
        if (rid == "linux-x64")
        {
            Assert.That(files, Does.Contain("libtorch_cpu.so").And.Contain("libLibTorchSharp.so").And.Contain("libc10.so"), "libtorch for linux-x64");
            Assert.That(files, Does.Not.Contain("libtorch_python.so").And.Not.Contain("libjitbackend_test.so"), "libtorch's files TorchSharp never loads");
            Assert.That(files, Does.Contain("libonnxruntime.so").And.Not.Contain("onnxruntime.dll").And.Not.Contain("onnxruntime_providers_shared.dll"),
                "ONNX Runtime for linux-x64 only");
        }
        Assert.That(Entries(Path.ChangeExtension(platform, ".snupkg")), Does.Contain($"tools/net10.0/{rid}/rnnzoo.pdb"), "the tool's symbols package");
    }
}
