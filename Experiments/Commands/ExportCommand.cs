using System.CommandLine;
using RnnZoo.Data.Imdb;
using RnnZoo.Data.Text;
using RnnZoo.Experiments.Onnx;
using RnnZoo.Training.Experiments;
using RnnZoo.Models;
using RnnZoo.Models.Export.Onnx;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Commands;

/// <summary><c>rnnzoo export RUN_DIR --onnx FILE</c>: a trained model as ONNX, checked under ONNX Runtime.</summary>
public static class ExportCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var run = new Argument<DirectoryInfo>("run") { Description = "A run folder (holds config.json and the weights)." };
        var onnx = new Option<FileInfo>("--onnx") { Description = "The .onnx file to write.", Required = true };
        var weights = new RunModelOptions();
        var command = new Command("export", "Write a trained model as an ONNX file (opset 17) that ONNX Runtime runs without TorchSharp; a text run's word index goes into its metadata.") { run, onnx };
        weights.AddTo(command);
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(run)!.FullName;
            var config = RunFolder.ReadConfig(folder);
            using var model = weights.Load(parse, folder, config);
            var path = parse.GetValue(onnx)!.FullName;
            var note = Export(model, config.Data, RunFolder.ReadEncoder(folder), path);
            var difference = Check(model, path, config.Data);
            Console.WriteLine($"wrote {path} ({new FileInfo(path).Length / 1024.0:F0} KB, opset {OnnxExporter.Opset}){note}");
            Console.WriteLine($"ONNX Runtime against TorchSharp on a test batch of 4 sequences of lengths 1 to 16: max |difference| {difference:E2}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Exports <paramref name="model"/> to <paramref name="path"/>; for a text run (IMDB, classify), with the word index of its
    /// <paramref name="encoder"/> (<see cref="WordIndex"/>) in the metadata. Returns a note on what the file holds.
    /// </summary>
    public static string Export(SequenceModel model, DataSpec data, TextEncoder? encoder, string path)
    {
        var metadata = new Dictionary<string, string>();
        var note = "";
        var maxLen = data switch { ImdbData imdb => imdb.MaxLen, TextData text => text.MaxLen, _ => (int?)null };
        if (maxLen is { } max)
        {
            if (encoder is null)
                note = "; the run has no vocabulary.json: the file has no word index, so a program must bring its own encoding of text to ids";
            else
            {
                var index = WordIndex.From(encoder, max);
                metadata[WordIndex.MetadataKey] = index.ToJson();
                note = $"; word index of {index.Words.Count} words in metadata '{WordIndex.MetadataKey}'";
            }
        }
        OnnxExporter.Export(model, path, new OnnxExportOptions(metadata));
        return note;
    }

    /// <summary>Largest |TorchSharp - ONNX Runtime| on a random post-padded batch of the model's input kind.</summary>
    public static double Check(SequenceModel model, string path, DataSpec data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var onnx = new OnnxRuntimeModel(path);
        var lengths = tensor(new long[] { 16, 5, 1, 11 });
        var inputs = onnx.TokenInput
            ? randint(1, data switch { ImdbData imdb => imdb.NumWords, TextData text => text.NumWords, _ => 2 }, new long[] { 4, 16 })
            : randn(4, 16, InputSize(model));
        model.eval();
        return (model.forward(inputs, lengths) - onnx.forward(inputs, lengths)).abs().max().item<float>();
    }

    /// <summary>Features per step a float-input model reads.</summary>
    internal static int InputSize(SequenceModel model) => model switch
    {
        Models.Tasks.SequenceClassifier c => c.Spec.Recurrent.InputSize,
        Models.Tasks.SequenceRegressor r => r.Spec.Recurrent.InputSize,
        Models.Tasks.CellSequenceModel m => m.Cell.InputSize,
        _ => throw new NotSupportedException($"No input size known for {model.GetType().Name}."),
    };
}
