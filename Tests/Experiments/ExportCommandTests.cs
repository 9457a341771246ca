using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using RnnZoo.Data.Imdb;
using RnnZoo.Data.Text;
using RnnZoo.Experiments;
using RnnZoo.Training.Experiments;
using RnnZoo.Models.Serialization;
using RnnZoo.Tests.Data.Imdb;

namespace RnnZoo.Tests.Experiments;

/// <summary>
/// <c>rnnzoo export</c>, <c>predict --onnx</c>, <c>convert</c> and <c>--weights</c>: on a run folder of seed 002's IMDB
/// network (untrained weights) over the tiny IMDB fixture.
/// </summary>
[TestFixture]
[NonParallelizable] // redirects the console
public class ExportCommandTests
{
    private ImdbFixture _imdb = null!;
    private string _run = null!;

    [SetUp]
    public void SetUp()
    {
        _imdb = new ImdbFixture();
        _run = Path.Combine(_imdb.Root, "run");
        Directory.CreateDirectory(_run);
        // A run folder as 'rnnzoo run' leaves it: config.json, the vocabulary of the data and the class names.
        var experiment = Zoo.Find("seed002-imdb-lstm");
        RunFolder.WriteConfig(_run, RunConfig.Create(experiment, new RunSettings(Profile: ProfileKind.Quick, Seed: 4, DataDirectory: _imdb.Root)));
        ImdbDataset.Load(AclImdbReader.Locate(_imdb.Root), new ImdbOptions(NumWords: 10000), useCache: false).Encoder.Save(Path.Combine(_run, TextEncoder.FileName));
        RunFolder.WriteLabels(_run, ["neg", "pos"]);
        using var model = ModelFactory.Build(experiment.Model, 4);
        ModelFile.Save(model, Path.Combine(_run, "model.bin"));
    }

    [TearDown]
    public void TearDown() => _imdb.Dispose();

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Console.SetOut(o); Console.SetError(e);
        try { return (Program.Main(args), o.ToString(), e.ToString()); }
        finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
    }

    // eval's line ends with how long it took, which differs from one call to the next.
    private static string WithoutTime(string evalOutput) => System.Text.RegularExpressions.Regex.Replace(evalOutput, @" in [0-9.]+ s, ", " in - s, ");

    [Test]
    public void Export_ThenPredictWithOnnx_PrintsWhatTorchSharpPrints()
    {
        var onnx = Path.Combine(_run, "model.onnx");
        var (code, output, error) = Run("export", _run, "--onnx", onnx);
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("word index of 16 words"));
        using (var session = new InferenceSession(onnx))
        {
            var index = WordIndex.FromJson(session.ModelMetadata.CustomMetadataMap[WordIndex.MetadataKey]);
            Assert.That(index.Words["film"], Is.GreaterThan(3));
            Assert.That(index.MaxLen, Is.EqualTo(200), "the quick profile's maxlen, from config.json");
        }

        var reviews = new[] { "--text", "Great fun, a superb film!", "--text", "Bad film.<br />Dull, boring plot." };
        var torch = Run(new[] { "predict", _run }.Concat(reviews).ToArray());
        var ort = Run(new[] { "predict", _run, "--onnx", onnx }.Concat(reviews).ToArray());
        Assert.That(torch.Code, Is.EqualTo(0), torch.Err);
        Assert.That(ort.Code, Is.EqualTo(0), ort.Err);
        Assert.That(ort.Out, Is.EqualTo(torch.Out));
        Assert.That(ort.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));
    }

    [Test]
    public void ConvertToPt_ThenEvalAndPredictWithWeightsFromPyTorch_GiveTheSameResults()
    {
        var pt = Path.Combine(_imdb.Root, "classifier.pt");
        var (code, output, error) = Run("convert", Path.Combine(_run, "model.bin"), pt, "--map", "encoder.=rnn.", "head.=fc.");
        Assert.That(code, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("rnn.weight_ih_l1 [400, 100] Float32"));
        Assert.That(StateDictFile.Read(pt).Keys, Does.Contain("fc.weight").And.Not.Contain("head.weight"));

        var evalBin = Run("eval", _run, "--data-dir", _imdb.Root);
        var evalPt = Run("eval", _run, "--data-dir", _imdb.Root, "--weights", pt, "--map", "encoder.=rnn.", "head.=fc.");
        Assert.That(evalBin.Code, Is.EqualTo(0), evalBin.Err);
        Assert.That(evalPt.Code, Is.EqualTo(0), evalPt.Err);
        Assert.That(WithoutTime(evalPt.Out), Is.EqualTo(WithoutTime(evalBin.Out)));

        // A run folder whose weights came from PyTorch: model.pt (RnnZoo's names) instead of model.bin.
        var pytorchRun = Path.Combine(_imdb.Root, "pytorch-run");
        Directory.CreateDirectory(pytorchRun);
        foreach (var file in new[] { "config.json", "vocabulary.json", "labels.json" }) File.Copy(Path.Combine(_run, file), Path.Combine(pytorchRun, file));
        Assert.That(Run("convert", pt, Path.Combine(pytorchRun, "model.pt"), "--map", "rnn.=encoder.", "fc.=head.").Code, Is.EqualTo(0));
        var predict = new[] { "--text", "Not good." };
        Assert.That(Run(new[] { "predict", pytorchRun }.Concat(predict).ToArray()).Out, Is.EqualTo(Run(new[] { "predict", _run }.Concat(predict).ToArray()).Out));
    }

    [Test]
    public void Mismatches_AreOneLineErrors_AndBadUsageIsTwo()
    {
        var pt = Path.Combine(_imdb.Root, "classifier.pt");
        Assert.That(Run("convert", Path.Combine(_run, "model.bin"), pt, "--map", "encoder.=rnn.").Code, Is.EqualTo(0));
        var (code, _, error) = Run("eval", _run, "--data-dir", _imdb.Root, "--weights", pt);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("'encoder.weight_ih_l0' [400, 50] is missing from the file").And.Contain("'rnn.weight_ih_l0' in the file has no counterpart"));
        Assert.That(Run("convert", pt, Path.Combine(_imdb.Root, "x.h5")).Err, Does.Contain("unknown weights format '.h5'"));
        Assert.That(Run("export", _run).Code, Is.EqualTo(2), "--onnx is required");
        File.Delete(Path.Combine(_run, "model.bin"));
        var missing = Run("export", _run, "--onnx", Path.Combine(_imdb.Root, "m.onnx"));
        Assert.That(missing.Code, Is.EqualTo(1));
        Assert.That(missing.Err, Does.Contain("has no model.bin, model.pt, model.safetensors"));
    }
}
