using RnnZoo.Training.Diagnostics;

namespace RnnZoo.Training.Callbacks;

/// <summary>
/// Hands both heaps' free memory back to the system after every epoch's training and validation: .NET's managed heap
/// (a full compacting collection, see <see cref="ManagedHeap"/>), then the C heap libtorch allocates from (see
/// <see cref="NativeHeap"/>). Resident memory then stays at what the run uses instead of climbing from epoch to epoch.
/// </summary>
public sealed class MemoryTrim : Callback
{
    /// <inheritdoc />
    public override void OnTrainEpochEnd(TrainingContext context)
    {
        ManagedHeap.Compact(); // first: collected tensors release their native buffers to the C heap
        NativeHeap.Trim();
    }
}
