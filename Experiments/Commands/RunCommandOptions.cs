using System.CommandLine;
using RnnZoo.Models;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Experiments.Commands;

/// <summary>
/// The options every command that trains shares (<c>run</c>, <c>forecast</c>, <c>classify</c>): profile, epochs, seed, data
/// folder, output folder, device, implementation, resume/overwrite, overrides and displays, turned into
/// <see cref="RunSettings"/> in one place.
/// </summary>
public sealed class RunCommandOptions
{
    /// <summary>--profile quick|full.</summary>
    public Option<string?> Profile { get; } = new("--profile") { Description = "quick (minutes) or full (the reproduction); default quick (a resumed run keeps its own)." };
    /// <summary>--epochs N.</summary>
    public Option<int?> Epochs { get; } = CliValues.WholeNumber("--epochs", "Override the profile's epochs (on --resume: train further).", minimum: 1);
    /// <summary>--seed S.</summary>
    public Option<int?> Seed { get; } = CliValues.WholeNumber("--seed", "Seed of initialisation, dropout and batch order (default 0).");
    /// <summary>--data-dir D.</summary>
    public Option<string?> DataDirectory { get; } = new("--data-dir") { Description = "Folder of the real data sets (IMDB: aclImdb/ or aclImdb_v1*.tar.gz; files named relative to it)." };
    /// <summary>--out DIR.</summary>
    public Option<string?> Output { get; } = new("--out") { Description = "The run folder (default runs/NAME/<timestamp>)." };
    /// <summary>--device cpu|cuda[:N].</summary>
    public Option<string?> Device { get; } = CliValues.Device();
    /// <summary>--implementation fused|reference.</summary>
    public Option<string?> Implementation { get; } = new("--implementation") { Description = "fused or reference: overrides the model's recurrent implementation." };
    /// <summary>--resume.</summary>
    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the run in --out from its checkpoint (with the settings it was made with)." };
    /// <summary>--overwrite.</summary>
    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Replace the run --out holds." };
    /// <summary>--batch-size N.</summary>
    public Option<int?> BatchSize { get; } = CliValues.WholeNumber("--batch-size", "Override the experiment's training batch size.", minimum: 1);
    /// <summary>--learning-rate X.</summary>
    public Option<double?> LearningRate { get; } = CliValues.PositiveNumber("--learning-rate", "Override the experiment's learning rate.");
    /// <summary>--no-early-stopping.</summary>
    public Option<bool> NoEarlyStopping { get; } = new("--no-early-stopping") { Description = "Train every epoch, even where the experiment stops early." };
    /// <summary>--no-tensorboard.</summary>
    public Option<bool> NoTensorBoard { get; } = new("--no-tensorboard") { Description = "Write no TensorBoard event files (by default in the run's tensorboard/)." };
    /// <summary>--progress.</summary>
    public Option<string?> Progress { get; } = new("--progress") { Description = "auto (a bar on a terminal, lines otherwise), bar, lines or none." };

    /// <summary>Creates the options.</summary>
    public RunCommandOptions()
    {
        Profile.AcceptOnlyFromAmong("quick", "full");
        Implementation.AcceptOnlyFromAmong("fused", "reference");
        Progress.AcceptOnlyFromAmong("auto", "bar", "lines", "none");
    }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Profile, Epochs, Seed, DataDirectory, Output, Device, Implementation, Resume, Overwrite, BatchSize, LearningRate, NoEarlyStopping, NoTensorBoard, Progress })
            command.Options.Add(option);
    }

    /// <summary>The settings the command line gives.</summary>
    public RunSettings Settings(ParseResult parse, string? experimentFile = null) => new(
        Profile: parse.GetValue(Profile) switch { "full" => ProfileKind.Full, "quick" => ProfileKind.Quick, _ => null },
        Epochs: parse.GetValue(Epochs),
        Seed: parse.GetValue(Seed),
        DataDirectory: parse.GetValue(DataDirectory) is { } data ? Path.GetFullPath(data) : null,
        OutputDirectory: parse.GetValue(Output),
        Device: parse.GetValue(Device),
        Implementation: parse.GetValue(Implementation) switch { "fused" => RecurrentImplementation.Fused, "reference" => RecurrentImplementation.Reference, _ => null },
        Resume: parse.GetValue(Resume),
        Overwrite: parse.GetValue(Overwrite),
        Progress: parse.GetValue(Progress) switch { "bar" => ProgressMode.Bar, "lines" => ProgressMode.Lines, "none" => ProgressMode.None, _ => ProgressMode.Auto },
        BatchSize: parse.GetValue(BatchSize),
        LearningRate: parse.GetValue(LearningRate),
        NoEarlyStopping: parse.GetValue(NoEarlyStopping),
        TensorBoard: !parse.GetValue(NoTensorBoard),
        ExperimentFile: experimentFile);

    /// <summary>
    /// Runs <paramref name="experiment"/>; Ctrl+C or SIGTERM stops it after the current batch with a checkpoint that
    /// resumes exactly. Exit code 0, or 130 when interrupted.
    /// </summary>
    public static int Execute(Experiment experiment, RunSettings settings)
    {
        using var interruption = new Interruption();
        var summary = ExperimentRunner.Run(experiment, settings, Console.Out, interruption.Token);
        return summary.StopReason == nameof(StopReason.Interrupted) ? 130 : 0;
    }
}
