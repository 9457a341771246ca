using RnnZoo.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Bench;

/// <summary>The training step of RnnZoo models in the bench: forward with lengths, loss, backward, optimizer step.</summary>
internal sealed class ZooTrainingStep(SequenceModel model, optim.Optimizer optimizer, Func<Tensor, Tensor, Tensor> loss)
{
    public Tensor Run(Tensor inputs, Tensor targets, Tensor? lengths)
    {
        optimizer.zero_grad();
        var value = loss(model.forward(inputs, lengths), targets);
        value.backward();
        optimizer.step();
        return value;
    }
}
