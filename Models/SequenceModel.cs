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
    /// Like <c>forward</c>, but also returns the top recurrent layer's hidden state at every step,
    /// <c>[batch, time, hidden * directions]</c>, as used to compute the output. Diagnostics take the gradient
    /// of the loss with respect to it (dL/dh_t over t: vanishing and exploding gradients).
    /// </summary>
    /// <exception cref="NotSupportedException">The model does not expose its hidden states.</exception>
    public virtual (Tensor Output, Tensor HiddenSequence) ForwardWithHiddenStates(Tensor inputs, Tensor? lengths)
        => throw new NotSupportedException($"{GetType().Name} does not expose its hidden states.");
}
