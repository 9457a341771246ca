using System.CommandLine;
using RnnZoo.Training.Experiments;
using RnnZoo.Models;
using RnnZoo.Models.Serialization;

namespace RnnZoo.Experiments.Commands;

/// <summary>
/// The <c>--weights FILE</c> and <c>--map MODEL=FILE</c> options of the commands that read a run's model (predict, eval,
/// export): a run's model with weights from its folder or from elsewhere, e.g. trained in PyTorch.
/// </summary>
/// <remarks>
/// Without <c>--weights</c> the run folder's model.bin is read, or else its model.pt or model.safetensors (a run whose
/// weights came from PyTorch: copy the state dict there). <c>--weights</c> reads any .bin, .pt/.pth or .safetensors file;
/// <c>--map encoder.=rnn.</c> (repeatable) says that the model's <c>encoder.</c> parameters are the file's <c>rnn.</c> ones.
/// </remarks>
public sealed class RunModelOptions
{
    /// <summary><c>--weights FILE</c>.</summary>
    public Option<FileInfo?> Weights { get; } = new("--weights")
    {
        Description = "Weights to use instead of the run's model.bin: .bin (TorchSharp), .pt/.pth (PyTorch state_dict) or .safetensors.",
    };

    /// <summary><c>--map MODEL=FILE</c>.</summary>
    public Option<string[]> Map { get; } = new("--map")
    {
        Description = "Prefix map for differently named modules, MODEL=FILE (e.g. encoder.=rnn. head.=fc.); repeatable.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Weights);
        command.Options.Add(Map);
    }

    /// <summary>The <c>--weights</c> file, or null for the run folder's own.</summary>
    public string? Path(ParseResult parse) => parse.GetValue(Weights)?.FullName;

    /// <summary>The <c>--map</c> rules, or null.</summary>
    public PrefixMap? PrefixMap(ParseResult parse) => parse.GetValue(Map) is { Length: > 0 } rules ? Models.Serialization.PrefixMap.Parse(rules) : null;

    /// <summary>The run's model with its weights (see the remarks), in eval mode.</summary>
    /// <exception cref="FileNotFoundException">No weights given and none in the run folder.</exception>
    public SequenceModel Load(ParseResult parse, string folder, RunConfig config) => RunFolder.LoadModel(folder, config, Path(parse), PrefixMap(parse));
}
