using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models;

/// <summary>
/// A task model over a batch of sequences: <c>forward(inputs, lengths) -> outputs</c>.
/// This is the contract the training harness trains: any module deriving from it can be fitted.
/// </summary>
/// <remarks>
/// <c>inputs</c>: <c>[batch, time]</c> token ids (int64) or <c>[batch, time, features]</c> values (float32).
/// <c>lengths</c>: <c>[batch]</c> int64 on the CPU, the valid length of each sequence, or null when every
/// sequence is full length. The shape of the output depends on the task (logits <c>[batch, classes]</c>,
/// predictions <c>[batch, horizon, outputs]</c>, ...).
/// </remarks>
public abstract class SequenceModel : nn.Module<Tensor, Tensor?, Tensor>
{
    /// <summary>Creates the model; <paramref name="name"/> is TorchSharp's module name.</summary>
    protected SequenceModel(string name) : base(name) { }

    /// <summary>
    /// Like <c>forward</c>, and also returns a probe on the top recurrent layer's hidden state: a zero tensor
    /// <c>[batch, time, hidden * directions]</c> that requires grad and is added to the hidden state h_t at every
    /// step inside the recurrence. After <c>loss.backward()</c> its gradient at step t is dL/dh_t, the total
    /// derivative through the later steps: the quantity that vanishes or explodes (plot its norm over t).
    /// Its values are zeros; the diagnostic is its gradient.
    /// </summary>
    public virtual (Tensor Output, Tensor HiddenSequence) ForwardWithHiddenStates(Tensor inputs, Tensor? lengths)
        => throw new NotSupportedException($"{GetType().Name} does not expose its hidden states.");
}
