namespace RnnZoo.Training.Callbacks;

/// <summary>
/// Writes the run's checkpoint (model, optimizer, random state, history and every callback's state, see
/// <see cref="Checkpoints.TrainingCheckpoint"/>) every <c>every</c> epochs, after the last one, when training stops
/// early, and when it is cancelled mid-epoch, so that <c>Resume</c> continues exactly. Runs after the callbacks whose
/// state it saves and before the loggers, so that whoever reads "epoch k" in the log can rely on its checkpoint.
/// </summary>
/// <param name="path">The checkpoint file.</param>
/// <param name="every">Write every this many epochs (and at the end).</param>
public sealed class ModelCheckpoint(string path, int every = 1) : Callback
{
    /// <summary>The checkpoint file.</summary>
    public string Path { get; } = string.IsNullOrWhiteSpace(path) ? throw new ArgumentException("path: a checkpoint file is needed.", nameof(path)) : path;

    /// <summary>Every how many epochs.</summary>
    public int Every { get; } = every > 0 ? every : throw new ArgumentOutOfRangeException(nameof(every), every, "every must be positive.");

    /// <inheritdoc />
    public override CallbackOrder Order => CallbackOrder.Checkpoint;

    /// <inheritdoc />
    public override void OnFitStart(TrainingContext context)
    {
        // A save killed between writing its temporary file and renaming it leaves the file behind: this run owns the folder now.
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        if (Directory.Exists(folder))
            foreach (var stale in Directory.EnumerateFiles(folder, System.IO.Path.GetFileName(Path) + ".*.tmp")) File.Delete(stale);
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        if (record.Epoch % Every == 0 || record.Epoch == context.Epochs || context.StopRequested)
            context.SaveCheckpoint(Path);
    }

    /// <inheritdoc />
    public override void OnInterrupted(TrainingContext context) => context.SaveCheckpoint(Path);
}
