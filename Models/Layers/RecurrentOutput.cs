using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>What a recurrent layer or network returns (Keras' return_sequences and return_state together).</summary>
/// <param name="Output">Outputs at every step, <c>[batch, time, OutputSize]</c>; zero past each sequence's length.</param>
/// <param name="State">Final state, <c>[layers * directions, batch, hidden]</c> (PyTorch's h_n, c_n): for a
/// padded sequence, the state at its last valid step.</param>
public sealed record RecurrentOutput(Tensor Output, RecurrentState State);
