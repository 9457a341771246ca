using static TorchSharp.torch;

namespace RnnZoo.Data.Generators;

/// <summary>Inputs and targets of a generated task.</summary>
/// <param name="Inputs"><c>[N, T, F]</c> float32.</param>
/// <param name="Targets">Task-specific (see each generator).</param>
public sealed record GeneratedData(Tensor Inputs, Tensor Targets);
