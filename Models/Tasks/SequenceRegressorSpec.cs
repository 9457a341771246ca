using RnnZoo.Models.Initialization;
using RnnZoo.Models.Networks;

namespace RnnZoo.Models.Tasks;

/// <summary>Where a regressor reads its predictions from.</summary>
public enum RegressionOutput
{
    /// <summary>A prediction at every step: <c>[batch, time, Outputs]</c> (seed 001: RNN returning sequences + Dense(1)).</summary>
    EveryStep,
    /// <summary>A forecast of the next Horizon steps from the last valid step: <c>[batch, Horizon, Outputs]</c>.</summary>
    LastStep,
}

/// <summary>A sequence regressor / forecaster as data: recurrent network and a linear head.</summary>
/// <param name="Recurrent">The recurrent network (InputSize = number of input features).</param>
/// <param name="Outputs">Values predicted per step (1 for a univariate target).</param>
/// <param name="Output">Predictions at every step, or a multi-step forecast from the last step.</param>
/// <param name="Horizon">Steps ahead forecast by <see cref="RegressionOutput.LastStep"/> (1 for one step).</param>
/// <param name="Init">Default initialisers of which library.</param>
public sealed record SequenceRegressorSpec(
    RecurrentSpec Recurrent,
    int Outputs = 1,
    RegressionOutput Output = RegressionOutput.LastStep,
    int Horizon = 1,
    InitScheme Init = InitScheme.PyTorch)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public SequenceRegressorSpec Validate()
    {
        ArgumentNullException.ThrowIfNull(Recurrent, nameof(Recurrent));
        Recurrent.Validate();
        Guard.Positive(Outputs, nameof(Outputs));
        Guard.Positive(Horizon, nameof(Horizon));
        if (Output == RegressionOutput.EveryStep && Horizon != 1)
            throw new ArgumentException($"Horizon: EveryStep predicts one value set per step, so Horizon must be 1, got {Horizon}.", nameof(Horizon));
        return this;
    }
}
