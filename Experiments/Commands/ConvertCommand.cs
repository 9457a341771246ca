using System.CommandLine;
using RnnZoo.Models.Serialization;

namespace RnnZoo.Experiments.Commands;

/// <summary><c>rnnzoo convert IN OUT [--map IN_PREFIX=OUT_PREFIX]</c>: a state dict from one file format to another.</summary>
public static class ConvertCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var input = new Argument<FileInfo>("in") { Description = "A state dict: .bin (TorchSharp, e.g. a run's model.bin), .pt/.pth (PyTorch) or .safetensors." };
        var output = new Argument<FileInfo>("out") { Description = "The file to write; its extension names the format." };
        var map = new Option<string[]>("--map")
        {
            Description = "Rename parameters by prefix, IN=OUT (e.g. encoder.=rnn. head.=fc. for a PyTorch module with those names); repeatable.",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("convert", "Convert weights between TorchSharp's format (.bin), PyTorch's (.pt) and .safetensors.") { input, output, map };
        command.SetAction(parse =>
        {
            var from = parse.GetValue(input)!.FullName;
            var to = parse.GetValue(output)!.FullName;
            var rules = PrefixMap.Parse(parse.GetValue(map));
            StateDictFormats.FromPath(to); // refuse an unknown output format before reading anything
            var state = StateDictFile.Read(from);
            // Rules are IN=OUT: the input plays the model's side of the map.
            var renamed = state.ToDictionary(p => rules.ToFile(p.Key), p => p.Value);
            if (renamed.Count != state.Count) throw new ArgumentException($"--map {rules}: two parameters would get the same name.");
            StateDictFile.Write(to, renamed);
            Console.WriteLine($"{Path.GetFileName(from)} ({StateDictFormats.FromPath(from)}) -> {Path.GetFileName(to)} ({StateDictFormats.FromPath(to)}): {renamed.Count} tensors");
            foreach (var (name, tensor) in renamed.OrderBy(p => p.Key, StringComparer.Ordinal))
                Console.WriteLine($"  {name} [{string.Join(", ", tensor.shape)}] {tensor.dtype}");
            return 0;
        });
        return command;
    }
}
