using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Training;

/// <summary>The optimizers the harness builds.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent, with optional momentum and Nesterov momentum.</summary>
    Sgd,
    /// <summary>Adam (Kingma and Ba 2015).</summary>
    Adam,
    /// <summary>Adam with decoupled weight decay (Loshchilov and Hutter 2019).</summary>
    AdamW,
    /// <summary>RMSprop.</summary>
    RmsProp,
}

/// <summary>An optimizer as data.</summary>
/// <param name="Kind">Which optimizer.</param>
/// <param name="LearningRate">Initial learning rate (Keras' and PyTorch's Adam default: 1e-3).</param>
/// <param name="WeightDecay">L2 penalty (decoupled for AdamW).</param>
/// <param name="Momentum">SGD and RMSprop momentum.</param>
/// <param name="Nesterov">Nesterov momentum (SGD).</param>
/// <param name="Beta1">Adam's β1.</param>
/// <param name="Beta2">Adam's β2.</param>
/// <param name="Epsilon">Adam's and RMSprop's ε.</param>
public sealed record OptimizerSpec(
    OptimizerKind Kind = OptimizerKind.Adam,
    double LearningRate = 1e-3,
    double WeightDecay = 0,
    double Momentum = 0,
    bool Nesterov = false,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    double Epsilon = 1e-8)
{
    /// <summary>Builds the optimizer over <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">An invalid learning rate, decay or momentum.</exception>
    public OptimizerHelper Create(IEnumerable<Parameter> parameters)
    {
        if (!(LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"LearningRate must be positive, got {LearningRate}.");
        if (WeightDecay < 0) throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be zero or positive.");
        if (Momentum < 0) throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "Momentum must be zero or positive.");
        if (Nesterov && (Kind != OptimizerKind.Sgd || Momentum <= 0)) throw new ArgumentException("Nesterov needs SGD with a positive momentum.", nameof(Nesterov));
        return Kind switch
        {
            OptimizerKind.Sgd => optim.SGD(parameters, LearningRate, Momentum, 0, WeightDecay, Nesterov),
            OptimizerKind.Adam => optim.Adam(parameters, LearningRate, Beta1, Beta2, Epsilon, WeightDecay),
            OptimizerKind.AdamW => optim.AdamW(parameters, LearningRate, Beta1, Beta2, Epsilon, WeightDecay == 0 ? 0.01 : WeightDecay),
            OptimizerKind.RmsProp => optim.RMSProp(parameters, LearningRate, 0.99, Epsilon, WeightDecay, Momentum),
            _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown optimizer."),
        };
    }
}
