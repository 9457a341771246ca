using RnnZoo.Training.Callbacks;

namespace RnnZoo.Training.Schedules;

/// <summary>
/// Sets the optimizer's learning rate from a <see cref="ScheduleSpec"/>: before every epoch for the epoch-wise
/// schedules, before every batch for one-cycle and warm-up. Every rate is a function of the epoch or the global
/// step except ReduceOnPlateau's, whose state (rate, best value, epochs waited) is checkpointed.
/// </summary>
public sealed class LearningRateScheduler : Callback
{
    private double _plateauRate, _best;
    private int _wait;

    /// <summary>Creates the scheduler around the optimizer's <paramref name="baseLearningRate"/>.</summary>
    public LearningRateScheduler(ScheduleSpec spec, double baseLearningRate)
    {
        Spec = (spec ?? throw new ArgumentNullException(nameof(spec))).Validate();
        if (!(baseLearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(baseLearningRate), baseLearningRate, "The base learning rate must be positive.");
        BaseLearningRate = _plateauRate = baseLearningRate;
        _best = Monitor.Worst;
    }

    /// <summary>The schedule.</summary>
    public ScheduleSpec Spec { get; }
    /// <summary>The optimizer's rate the schedule scales.</summary>
    public double BaseLearningRate { get; }
    private MetricMonitor Monitor => Spec.Monitor ?? new MetricMonitor();

    /// <summary>The rate of epoch <paramref name="epoch"/> (0-based) for the epoch-wise kinds, before warm-up.</summary>
    public double EpochRate(int epoch) => Spec.Kind switch
    {
        ScheduleKind.None or ScheduleKind.OneCycle => BaseLearningRate,
        ScheduleKind.Step => BaseLearningRate * Math.Pow(Spec.Gamma, epoch / Spec.StepSize),
        ScheduleKind.Cosine => Spec.MinLearningRate + (BaseLearningRate - Spec.MinLearningRate) * (1 + Math.Cos(Math.PI * Math.Min(epoch, Spec.TMax) / Spec.TMax)) / 2,
        ScheduleKind.ReduceOnPlateau => _plateauRate,
        _ => throw new InvalidOperationException($"Unknown schedule {Spec.Kind}."),
    };

    /// <summary>
    /// One-cycle's rate at <paramref name="step"/> of <paramref name="totalSteps"/> (PyTorch's OneCycleLR, cosine):
    /// phase 1 anneals from lr/div to lr over steps [0, pct·total − 1], phase 2 from lr to lr/(div·final_div) over the rest.
    /// </summary>
    public double OneCycleRate(long step, long totalSteps)
    {
        var initial = BaseLearningRate / Spec.DivFactor;
        var final = initial / Spec.FinalDivFactor;
        var peakStep = Spec.PctStart * totalSteps - 1;
        var lastStep = totalSteps - 1.0;
        static double Cosine(double from, double to, double pct) => to + (from - to) / 2 * (Math.Cos(Math.PI * pct) + 1);
        return step <= peakStep
            ? Cosine(initial, BaseLearningRate, peakStep <= 0 ? 1 : step / peakStep)
            : Cosine(BaseLearningRate, final, lastStep <= peakStep ? 1 : (step - peakStep) / (lastStep - peakStep));
    }

    private bool PerBatch => Spec.Kind == ScheduleKind.OneCycle || Spec.WarmupSteps > 0;

    /// <inheritdoc />
    public override void OnEpochStart(TrainingContext context)
    {
        if (!PerBatch) context.LearningRate = EpochRate(context.Epoch);
    }

    /// <inheritdoc />
    public override void OnBatchStart(TrainingContext context)
    {
        if (!PerBatch) return;
        var step = context.GlobalStep;
        var rate = Spec.Kind == ScheduleKind.OneCycle ? OneCycleRate(step, (long)context.Epochs * context.BatchCount) : EpochRate(context.Epoch);
        if (step < Spec.WarmupSteps) rate *= (step + 1) / (double)Spec.WarmupSteps;
        context.LearningRate = rate;
    }

    /// <inheritdoc />
    public override void OnEpochEnd(TrainingContext context, EpochRecord record)
    {
        if (Spec.Kind != ScheduleKind.ReduceOnPlateau || record.Value(Monitor.Name) is not { } value) return;
        // PyTorch's relative threshold: an improvement beats best by a factor (1 - threshold) (min) or (1 + threshold) (max).
        var better = Monitor.Resolved == Callbacks.MonitorMode.Max ? value > _best * (1 + Spec.Threshold) : value < _best * (1 - Spec.Threshold);
        if (better) (_best, _wait) = (value, 0);
        else if (++_wait > Spec.Patience) (_plateauRate, _wait) = (_plateauRate * Spec.Factor, 0);
    }

    /// <inheritdoc />
    public override void SaveState(CallbackState state)
    {
        state.Set("plateau_rate", _plateauRate);
        state.Set("best", _best);
        state.Set("wait", _wait);
    }

    /// <inheritdoc />
    public override void LoadState(CallbackState state) =>
        (_plateauRate, _best, _wait) = (state.Get<double>("plateau_rate"), state.Get<double>("best"), state.Get<int>("wait"));
}
