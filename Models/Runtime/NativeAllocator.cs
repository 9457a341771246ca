using System.Runtime.InteropServices;

namespace RnnZoo.Models.Runtime;

/// <summary>
/// Keeps libtorch's large CPU buffers in the C heap (glibc's <c>mallopt</c>) instead of mapping fresh pages from the
/// operating system for each one and unmapping them when the tensor dies.
/// </summary>
/// <remarks>
/// glibc serves every allocation above its mmap threshold (128 KB, raised dynamically to at most 32 MB) with a new
/// <c>mmap</c>, and gives it back with <c>munmap</c> on free. A recurrent training step allocates and frees buffers of
/// tens of megabytes (seed 002's gates for a batch: 64 x 500 x 400 floats, 51 MB) over and over, so every one of them is
/// page-faulted in again, zeroed by the kernel: on this project's machine a third of a training process's time was
/// system time. Serving them from the heap, and not trimming its top on every free, made seed 002's fused training step
/// 0.57 s → 0.40 s and its inference step 0.154 s → 0.128 s (<c>rnnzoo bench imdb-lstm2 --implementation fused</c>, run
/// with and without the equivalent <c>MALLOC_MMAP_THRESHOLD_</c>/<c>MALLOC_TRIM_THRESHOLD_</c> variables). The heap
/// then keeps what it has freed, about the peak of one step more resident memory; <c>NativeHeap.Trim</c> (once per epoch
/// in the Trainer) still returns the free pages to the system. Elsewhere than glibc it does nothing.
/// </remarks>
public static class NativeAllocator
{
    /// <summary>Allocations below this size come from the heap: 1 GiB, above any single tensor of the zoo's models.</summary>
    public const int MmapThreshold = 1 << 30;

    private const int MTrimThreshold = -1, MMmapThreshold = -3; // mallopt's parameters (malloc.h)
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>
    /// Raises the mmap threshold to <see cref="MmapThreshold"/> and stops trimming the heap's top on every free, for the
    /// whole process; call it before training (the <c>rnnzoo</c> command line and the Trainer do). False where glibc's
    /// <c>mallopt</c> is not available or refused a setting.
    /// </summary>
    public static bool KeepLargeBuffers()
    {
        if (_unavailable) return false;
        try
        {
            return mallopt(MMmapThreshold, MmapThreshold) == 1 & mallopt(MTrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true; // musl and others
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
