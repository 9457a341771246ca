namespace RnnZoo.Training.Schedules;

/// <summary>Learning-rate schedules, applied at the end of each epoch.</summary>
public enum ScheduleKind
{
    /// <summary>Constant learning rate.</summary>
    None,
    /// <summary>Multiply by Gamma every StepSize epochs.</summary>
    Step,
    /// <summary>Cosine annealing from the initial rate to MinLearningRate over TMax epochs.</summary>
    Cosine,
    /// <summary>Multiply by Factor when the monitored validation loss has not improved for Patience epochs.</summary>
    ReduceOnPlateau,
}

/// <summary>A learning-rate schedule as data.</summary>
public sealed record ScheduleSpec(
    ScheduleKind Kind = ScheduleKind.None,
    int StepSize = 10,
    double Gamma = 0.1,
    int TMax = 10,
    double MinLearningRate = 0,
    double Factor = 0.1,
    int Patience = 2,
    double Threshold = 1e-4);
