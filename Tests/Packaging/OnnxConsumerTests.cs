using System.Globalization;
using RnnZoo.Data.Imdb;
using RnnZoo.Data.Text;
using RnnZoo.Training.Experiments;
using RnnZoo.Models.Export.Onnx;
using RnnZoo.Tests.Data.Imdb;
using RnnZoo.Tests.Support;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Packaging;

/// <summary>
/// Shipping a model with ONNX Runtime alone: seed 002's IMDB network, exported with the word index in its metadata, is
/// loaded by a project that references only Microsoft.ML.OnnxRuntime (the README's "ship it with ONNX Runtime"
/// program, taken from README.md), which classifies a review as TorchSharp does.
/// </summary>
[TestFixture]
[Category("Packaging")]
public class OnnxConsumerTests
{
    [Test]
    public void OnnxRuntimeOnlyProgram_FromTheReadme_ClassifiesAReviewAsTorchSharpDoes()
    {
        using var imdb = new ImdbFixture();
        var experiment = Zoo.Find("seed002-imdb-lstm");
        var dataset = ImdbDataset.Load(imdb.Root, new ImdbOptions(NumWords: ((ImdbData)experiment.Data).NumWords), imdb.Cache);
        using var model = ModelFactory.Build(experiment.Model, 6);
        model.eval();
        var work = Directory.CreateTempSubdirectory("rnnzoo-onnx-consumer-").FullName;
        try
        {
            var onnx = Path.Combine(work, "imdb.onnx");
            var index = WordIndex.From(dataset.Encoder, ((ImdbData)experiment.Data).MaxLen);
            OnnxExporter.Export(model, onnx, new OnnxExportOptions(new Dictionary<string, string> { [WordIndex.MetadataKey] = index.ToJson() }));

            const string review = "Great fun: a superb film!<br /><br />I LOVED the acting, and the story; don't miss it.";
            var ids = dataset.Encoder.Encode(review).Ids;
            Assert.That(index.Encode(review), Is.EqualTo(ids), "the exported word index encodes as ImdbDataset does");
            float expected;
            using (no_grad())
                expected = model.forward(tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0), tensor(new long[] { ids.Length })).softmax(1)[0, 1].item<float>();

            var consumer = Path.Combine(work, "consumer");
            DotnetCli.WriteConsoleProject(consumer, "Consumer", """
                  <ItemGroup>
                    <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="1.31.1" />
                  </ItemGroup>
                """, DotnetCli.ReadmeExample("onnx-consumer"));
            var (code, output) = DotnetCli.Dotnet(consumer, "run", "--", onnx, review);
            Assert.That(code, Is.Zero, output);
            var line = output.Split('\n').Single(l => l.EndsWith(" positive", StringComparison.Ordinal));
            var positive = double.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture);
            Assert.That(positive, Is.EqualTo(expected).Within(1e-5), "ONNX Runtime's probability against TorchSharp's");
            TestContext.Out.WriteLine($"ONNX Runtime-only program: {positive:F6} positive; TorchSharp {expected:F6}");
            Assert.That(Directory.GetFiles(Path.Combine(consumer, "bin"), "TorchSharp*.dll", SearchOption.AllDirectories), Is.Empty, "no TorchSharp in the consumer");
            Assert.That(Directory.GetFiles(Path.Combine(consumer, "bin"), "*torch*.so*", SearchOption.AllDirectories), Is.Empty, "no libtorch in the consumer");
        }
        finally { Directory.Delete(work, true); }
    }
}
