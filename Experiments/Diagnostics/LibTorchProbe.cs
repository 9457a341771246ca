namespace RnnZoo.Experiments.Diagnostics;

/// <summary>The outcome of <see cref="NativeLibraryCheck.Probe"/>.</summary>
/// <param name="Loaded">Both libraries loaded.</param>
/// <param name="Problem">Why not, when not.</param>
public sealed record LibTorchProbe(bool Loaded, BackendProblem? Problem);
