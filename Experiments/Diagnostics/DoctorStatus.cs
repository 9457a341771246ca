namespace RnnZoo.Experiments.Diagnostics;

/// <summary>How one line of <c>rnnzoo doctor</c> stands.</summary>
public enum DoctorStatus
{
    /// <summary>A fact, nothing to judge.</summary>
    Info,
    /// <summary>Checked and right.</summary>
    Ok,
    /// <summary>Works, but slower or narrower than it could (no AVX2, ...).</summary>
    Warning,
    /// <summary>Broken: rnnzoo cannot train here until it is fixed; the doctor exits with 1.</summary>
    Failure,
}
