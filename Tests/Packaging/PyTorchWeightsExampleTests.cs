using System.Globalization;
using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Serialization;
using RnnZoo.Models.Tasks;
using RnnZoo.Tests.Support;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Packaging;

/// <summary>
/// The README's "bring PyTorch weights" program, taken from README.md, built against RnnZoo.Models in a project of its
/// own and run on the PyTorch fixture: it prints the logits RnnZoo gives here with those weights (themselves checked
/// against PyTorch's in PyTorchWeightsTests) and writes a .safetensors file that loads back.
/// </summary>
[TestFixture]
[Category("Packaging")]
public class PyTorchWeightsExampleTests
{
    [Test]
    public void ReadmeProgram_LoadsAPyTorchStateDict_AndSavesOneBack()
    {
        var root = DotnetCli.RepositoryRoot();
        var fixture = Path.Combine(AppContext.BaseDirectory, "Models", "Serialization", "Fixtures", "gru_classifier.pt");
        var work = Directory.CreateTempSubdirectory("rnnzoo-pytorch-example-").FullName;
        try
        {
            DotnetCli.WriteConsoleProject(work, "Example", $"""
                  <Import Project="{root}/build/NativeLibraryCompat.targets" />
                  <ItemGroup>
                    <ProjectReference Include="{root}/Models/RnnZoo.Models.csproj" />
                    <PackageReference Include="libtorch-cpu-{RnnZoo.Experiments.Diagnostics.NativeLibraryCheck.PlatformRuntimeIdentifier}" Version="{RnnZoo.Experiments.Diagnostics.BuildInfo.LibTorchVersion}" />
                  </ItemGroup>
                """, DotnetCli.ReadmeExample("pytorch-weights"));
            var (code, output) = DotnetCli.Dotnet(work, "run", "--", fixture);
            Assert.That(code, Is.Zero, output);
            var printed = output.Split('\n').Last(l => l.Trim().Length > 0).Trim().Split(' ').Select(v => float.Parse(v, CultureInfo.InvariantCulture)).ToArray();

            // The same model, weights and batch here.
            var model = new SequenceClassifier(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Gru, 6, 7), 2, VocabularySize: 30, EmbeddingSize: 6, Pooling: Pooling.Max));
            var map = PrefixMap.Parse(new[] { "encoder.=rnn.", "head.=fc." });
            PyTorchWeights.Load(model, fixture, map);
            model.eval();
            using var noGrad = no_grad();
            var expected = model.forward(tensor(new long[] { 5, 17, 3, 0, 0, 9, 28, 4, 11, 2 }).view(2, 5), tensor(new long[] { 3, 5 })).data<float>().ToArray();
            Assert.That(printed, Is.EqualTo(expected).Within(1e-6));

            var back = StateDictFile.Read(Path.Combine(work, "back.safetensors"));
            Assert.That(back.Keys, Is.EquivalentTo(StateDictFile.Read(fixture).Keys));
            Assert.That(back["rnn.weight_hh_l0"].allclose(StateDictFile.Read(fixture)["rnn.weight_hh_l0"], 0, 0));
        }
        finally { Directory.Delete(work, true); }
    }
}
