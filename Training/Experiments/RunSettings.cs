using RnnZoo.Models;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// How to run an experiment: what the command line (or a program) asks for. Null means "not given": a new run takes the
/// default, a resumed run keeps what its config.json recorded.
/// </summary>
/// <param name="Profile">Quick or full (default quick).</param>
/// <param name="Epochs">Overrides the profile's epochs (on resume: may grow, to train further).</param>
/// <param name="Seed">Seeds initialisation, dropout and batch order (default 0).</param>
/// <param name="DataDirectory">Where real data sets are (not a setting of the result: a resumed run may read them elsewhere).</param>
/// <param name="OutputDirectory">The run folder (default runs/NAME/timestamp).</param>
/// <param name="Device">cpu or cuda (default cpu).</param>
/// <param name="Implementation">Overrides the model's recurrent implementation.</param>
/// <param name="Resume">Continue the run in OutputDirectory from its checkpoint.</param>
/// <param name="Overwrite">Replace the run in OutputDirectory.</param>
/// <param name="Progress">Progress display.</param>
/// <param name="BatchSize">Overrides the experiment's training batch size.</param>
/// <param name="LearningRate">Overrides the experiment's learning rate.</param>
/// <param name="NoEarlyStopping">Train every epoch even where the experiment stops early (e.g. seed 002's literal 10 epochs).</param>
/// <param name="TensorBoard">Write TensorBoard event files to the run's tensorboard/ folder.</param>
/// <param name="ExperimentFile">The experiment file the experiment came from (for the recorded command), or null for the registry.</param>
public sealed record RunSettings(ProfileKind? Profile = null, int? Epochs = null, int? Seed = null, string? DataDirectory = null,
    string? OutputDirectory = null, string? Device = null, RecurrentImplementation? Implementation = null, bool Resume = false, bool Overwrite = false,
    ProgressMode Progress = ProgressMode.Auto, int? BatchSize = null, double? LearningRate = null, bool NoEarlyStopping = false, bool TensorBoard = true,
    string? ExperimentFile = null)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting by its command-line option.</summary>
    public RunSettings Validate()
    {
        if (Epochs is <= 0) throw new RunUsageException($"--epochs: must be at least 1, got {Epochs}.");
        if (BatchSize is <= 0) throw new RunUsageException($"--batch-size: must be at least 1, got {BatchSize}.");
        if (LearningRate is { } rate && !(rate > 0 && double.IsFinite(rate))) throw new RunUsageException($"--learning-rate: must be positive, got {rate}.");
        if (Resume && Overwrite) throw new RunUsageException("--resume and --overwrite: choose one (continue the run, or replace it).");
        if (Resume && OutputDirectory is null) throw new RunUsageException("--resume needs --out: the folder of the run to continue.");
        return this;
    }
}

/// <summary>
/// A run asked for in a way that cannot be done as asked (a folder that holds another run, a resume with other
/// settings, an output path that is a file): bad usage, as the command line's exit code 2 says.
/// </summary>
public sealed class RunUsageException(string message) : ArgumentException(message);
