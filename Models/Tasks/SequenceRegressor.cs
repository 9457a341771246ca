using RnnZoo.Models.Initialization;
using RnnZoo.Models.Layers;
using RnnZoo.Models.Networks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Tasks;

/// <summary>
/// Sequence regressor / forecaster: recurrent network → linear head, on every step (<c>[batch, time, outputs]</c>)
/// or on the last valid step (<c>[batch, horizon, outputs]</c>, a multi-step forecast).
/// </summary>
/// <remarks>Inputs <c>[batch, time, features]</c> float32; lengths <c>[batch]</c> int64 CPU for post-padded batches, or null.</remarks>
public sealed class SequenceRegressor : SequenceModel
{
    /// <summary>Builds the regressor <paramref name="spec"/> describes.</summary>
    public SequenceRegressor(SequenceRegressorSpec spec) : base(nameof(SequenceRegressor))
    {
        Spec = (spec ?? throw new ArgumentNullException(nameof(spec))).Validate();
        encoder = Recurrent.Create(spec.Recurrent);
        head = nn.Linear(spec.Recurrent.OutputSize, (long)spec.Outputs * spec.Horizon);
        if (spec.Init == InitScheme.Keras)
        {
            KerasInitializers.Apply(encoder);
            KerasInitializers.Apply(head);
        }
        RegisterComponents();
    }

#pragma warning disable IDE1006 // field names are the parameter prefixes in state_dict
    private readonly RecurrentNetwork encoder;
    private readonly Linear head;
#pragma warning restore IDE1006

    /// <summary>What this model is.</summary>
    public SequenceRegressorSpec Spec { get; }

    /// <summary>The recurrent network.</summary>
    public RecurrentNetwork Encoder => encoder;

    /// <summary>Predictions <c>[batch, time, Outputs]</c> (EveryStep) or <c>[batch, Horizon, Outputs]</c> (LastStep).</summary>
    public override Tensor forward(Tensor inputs, Tensor? lengths)
    {
        Guard.Shape(inputs, nameof(inputs), -1, -1, Spec.Recurrent.InputSize);
        // A forecast from the last valid step reads no padding: the network may leave it unmasked.
        return Head(encoder.forward(inputs, lengths, null,
            new ForwardOptions(OutputsOnly: true, UnmaskedPadding: Spec.Output == RegressionOutput.LastStep)).Output, lengths);
    }

    /// <inheritdoc />
    public override (Tensor Output, Tensor HiddenSequence) ForwardWithHiddenStates(Tensor inputs, Tensor? lengths)
    {
        Guard.Shape(inputs, nameof(inputs), -1, -1, Spec.Recurrent.InputSize);
        var (result, probe) = encoder.ForwardWithHiddenProbe(inputs, lengths);
        return (Head(result.Output, lengths), probe);
    }

    private Tensor Head(Tensor outputs, Tensor? lengths)
    {
        if (Spec.Output == RegressionOutput.EveryStep) return head.forward(outputs);
        var last = SequencePooling.Pool(outputs, lengths, Spec.Recurrent.Directions, Pooling.Last);
        return head.forward(last).view(-1, Spec.Horizon, Spec.Outputs);
    }
}
