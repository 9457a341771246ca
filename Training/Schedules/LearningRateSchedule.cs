namespace RnnZoo.Training.Schedules;

/// <summary>
/// The learning rate for each epoch, from a <see cref="ScheduleSpec"/>. Its whole state is the two numbers
/// below, stored in checkpoints, so a resumed run continues the schedule exactly.
/// </summary>
public sealed class LearningRateSchedule
{
    /// <summary>Creates the schedule.</summary>
    public LearningRateSchedule(ScheduleSpec spec, double initialLearningRate)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        if (spec.Kind == ScheduleKind.Step && spec.StepSize <= 0) throw new ArgumentOutOfRangeException(nameof(spec), "StepSize must be positive.");
        if (spec.Kind == ScheduleKind.Cosine && spec.TMax <= 0) throw new ArgumentOutOfRangeException(nameof(spec), "TMax must be positive.");
        InitialLearningRate = initialLearningRate;
        CurrentLearningRate = initialLearningRate;
    }

    /// <summary>The spec.</summary>
    public ScheduleSpec Spec { get; }
    /// <summary>The initial rate.</summary>
    public double InitialLearningRate { get; }
    /// <summary>The rate for the next epoch.</summary>
    public double CurrentLearningRate { get; private set; }
    /// <summary>ReduceOnPlateau: best monitored value so far.</summary>
    public double Best { get; private set; } = double.PositiveInfinity;
    /// <summary>ReduceOnPlateau: epochs since the best.</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Moves to the rate of epoch <paramref name="completedEpochs"/> (0-based count of finished epochs).</summary>
    public double Advance(int completedEpochs, double? validationLoss)
    {
        var s = Spec;
        switch (s.Kind)
        {
            case ScheduleKind.Step:
                CurrentLearningRate = InitialLearningRate * Math.Pow(s.Gamma, completedEpochs / s.StepSize);
                break;
            case ScheduleKind.Cosine:
                var t = Math.Min(completedEpochs, s.TMax);
                CurrentLearningRate = s.MinLearningRate + (InitialLearningRate - s.MinLearningRate) * (1 + Math.Cos(Math.PI * t / s.TMax)) / 2;
                break;
            case ScheduleKind.ReduceOnPlateau when validationLoss is { } loss:
                if (loss < Best * (1 - s.Threshold)) { Best = loss; BadEpochs = 0; }
                else if (++BadEpochs > s.Patience) { CurrentLearningRate *= s.Factor; BadEpochs = 0; }
                break;
        }
        return CurrentLearningRate;
    }

    /// <summary>Restores the state saved in a checkpoint.</summary>
    public void Restore(double current, double best, int badEpochs) => (CurrentLearningRate, Best, BadEpochs) = (current, best, badEpochs);
}
