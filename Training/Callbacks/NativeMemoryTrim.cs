using RnnZoo.Training.Diagnostics;

namespace RnnZoo.Training.Callbacks;

/// <summary>
/// Hands the C heap's free memory back to the system after every epoch's training and validation (see
/// <see cref="NativeHeap"/>): resident memory then stays at what the run uses instead of climbing over the first epochs.
/// </summary>
public sealed class NativeMemoryTrim : Callback
{
    /// <inheritdoc />
    public override void OnTrainEpochEnd(TrainingContext context) => NativeHeap.Trim();
}
