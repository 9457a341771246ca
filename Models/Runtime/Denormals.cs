using System.Runtime.InteropServices;

namespace RnnZoo.Models.Runtime;

/// <summary>
/// Flush-to-zero and denormals-are-zero for libtorch's CPU arithmetic (PyTorch's <c>torch.set_flush_denormal</c>).
/// </summary>
/// <remarks>
/// Gradients that flow back through many time steps shrink geometrically; once below float's smallest normal
/// number (1.2e-38) every operation on them takes the processor's slow path. On this project's development machine
/// that made a BiGRU training step over 200 steps 7x slower (2.0 s against 0.28 s, measured) and seed 002's network
/// over 500 steps several times slower, in TorchSharp and PyTorch alike. Flushing them to zero changes nothing a
/// float32 network can represent usefully. The setting belongs to the calling thread (its managed float arithmetic
/// included: <c>float.IsSubnormal</c> and comparisons see denormals as zero there); libtorch's worker threads
/// created after it inherit it, so call it before the first tensor operation (the <c>rnnzoo</c> command line does,
/// and RnnZoo's Trainer at construction).
/// </remarks>
public static class Denormals
{
    private static bool _unavailable;

    /// <summary>Turns flushing on or off for the calling thread; false where libtorch does not offer it.</summary>
    public static bool Flush(bool on)
    {
        if (_unavailable) return false;
        try
        {
            // Touch TorchSharp first, so that libtorch is loaded before the entry point is looked up.
            _ = TorchSharp.torch.get_num_threads();
            return SetFlushDenormal(on);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    // at::Context::setFlushDenormal(bool) is a static member: one bool argument (checked in libtorch 2.10's code).
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context16setFlushDenormalEb")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool SetFlushDenormal([MarshalAs(UnmanagedType.U1)] bool on);
}
