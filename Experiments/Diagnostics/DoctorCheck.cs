namespace RnnZoo.Experiments.Diagnostics;

/// <summary>One line of <c>rnnzoo doctor</c>, with optional detail lines under it.</summary>
/// <param name="Name">What was looked at (<c>libtorch</c>, <c>libstdc++</c>, ...).</param>
/// <param name="Value">What was found, one line.</param>
/// <param name="Status">How it stands.</param>
/// <param name="Detail">More lines (the loader's message, ...), printed indented; may be empty.</param>
public sealed record DoctorCheck(string Name, string Value, DoctorStatus Status, IReadOnlyList<string> Detail)
{
    /// <summary>A line without detail.</summary>
    public DoctorCheck(string name, string value, DoctorStatus status = DoctorStatus.Info) : this(name, value, status, Array.Empty<string>()) { }
}
