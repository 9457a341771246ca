namespace RnnZoo.Experiments.Diagnostics;

/// <summary>Why libtorch (TorchSharp's native backend) cannot be used.</summary>
public enum BackendProblemKind
{
    /// <summary>TorchSharp ships no libtorch for this operating system and processor.</summary>
    UnsupportedPlatform,
    /// <summary>No libtorch for this platform beside rnnzoo (a build or package for another platform, or files missing).</summary>
    MissingBackend,
    /// <summary>This system's libstdc++ lacks a symbol version the native libraries need (the GLIBCXX_3.4.32 case).</summary>
    LibstdcxxTooOld,
    /// <summary>A libtorch of another version loaded (e.g. a system-wide one, when rnnzoo's own is missing).</summary>
    MismatchedLibTorch,
    /// <summary>libtorch is there, but a library it needs is not.</summary>
    MissingDependency,
    /// <summary>CUDA was asked for, and this libtorch or this machine has none.</summary>
    CudaUnavailable,
    /// <summary>Anything else the loader reported.</summary>
    Other,
}
