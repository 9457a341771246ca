using RnnZoo.Training.Callbacks;

namespace RnnZoo.Training.Schedules;

/// <summary>Learning-rate schedules. The epoch-wise ones change the rate between epochs, one-cycle and warm-up between batches.</summary>
public enum ScheduleKind
{
    /// <summary>Constant learning rate.</summary>
    None,
    /// <summary>Multiply by Gamma every StepSize epochs (PyTorch's StepLR).</summary>
    Step,
    /// <summary>Cosine annealing from the initial rate to MinLearningRate over TMax epochs (PyTorch's CosineAnnealingLR, no restarts).</summary>
    Cosine,
    /// <summary>Multiply by Factor when the monitored value has not improved for Patience epochs (PyTorch's ReduceLROnPlateau, relative threshold).</summary>
    ReduceOnPlateau,
    /// <summary>
    /// One cycle over the whole fit, batch by batch (Smith and Topin 2019; PyTorch's OneCycleLR with cosine annealing): from
    /// lr / DivFactor up to the optimizer's rate lr over the first PctStart of the steps, then down to lr / (DivFactor × FinalDivFactor).
    /// </summary>
    OneCycle,
}

/// <summary>A learning-rate schedule as data; the optimizer's learning rate is its base (the peak for one-cycle).</summary>
/// <param name="Kind">Which schedule.</param>
/// <param name="StepSize">Step: epochs between multiplications.</param>
/// <param name="Gamma">Step: the factor.</param>
/// <param name="TMax">Cosine: epochs to the minimum.</param>
/// <param name="MinLearningRate">Cosine: the minimum.</param>
/// <param name="Factor">ReduceOnPlateau: the factor.</param>
/// <param name="Patience">ReduceOnPlateau: epochs without improvement before reducing.</param>
/// <param name="Threshold">ReduceOnPlateau: relative improvement that counts.</param>
/// <param name="Monitor">ReduceOnPlateau: the value watched (default val_loss, lower is better).</param>
/// <param name="PctStart">OneCycle: share of the steps spent increasing.</param>
/// <param name="DivFactor">OneCycle: the initial rate is lr / DivFactor.</param>
/// <param name="FinalDivFactor">OneCycle: the final rate is the initial rate / FinalDivFactor.</param>
/// <param name="WarmupSteps">Linear warm-up over the first WarmupSteps batches (any kind): the rate is multiplied by (step + 1) / WarmupSteps until then.</param>
public sealed record ScheduleSpec(
    ScheduleKind Kind = ScheduleKind.None,
    int StepSize = 10,
    double Gamma = 0.1,
    int TMax = 10,
    double MinLearningRate = 0,
    double Factor = 0.1,
    int Patience = 2,
    double Threshold = 1e-4,
    MetricMonitor? Monitor = null,
    double PctStart = 0.3,
    double DivFactor = 25,
    double FinalDivFactor = 1e4,
    int WarmupSteps = 0)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public ScheduleSpec Validate()
    {
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Unknown schedule.");
        if (Kind == ScheduleKind.Step && StepSize <= 0) throw new ArgumentOutOfRangeException(nameof(StepSize), StepSize, "StepSize must be positive.");
        if (Kind == ScheduleKind.Cosine && TMax <= 0) throw new ArgumentOutOfRangeException(nameof(TMax), TMax, "TMax must be positive.");
        if (Kind == ScheduleKind.ReduceOnPlateau && !(Factor > 0 && Factor < 1)) throw new ArgumentOutOfRangeException(nameof(Factor), Factor, "Factor must be in (0, 1).");
        if (Kind == ScheduleKind.OneCycle && !(PctStart > 0 && PctStart < 1)) throw new ArgumentOutOfRangeException(nameof(PctStart), PctStart, "PctStart must be in (0, 1).");
        if (Kind == ScheduleKind.OneCycle && !(DivFactor > 0 && FinalDivFactor > 0)) throw new ArgumentOutOfRangeException(nameof(DivFactor), "DivFactor and FinalDivFactor must be positive.");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "WarmupSteps must be zero or positive.");
        return this;
    }
}
