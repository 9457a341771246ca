using RnnZoo.Build;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary>What <see cref="LibstdcxxCompatibility.Check"/> found.</summary>
/// <param name="Missing">Each version a library needs and the system lacks, with the symbols bound to it.</param>
public sealed record CompatibilityStatus(IReadOnlyList<(string Library, VersionNeed Need, IReadOnlyList<string> Symbols)> Missing)
{
    /// <summary>The system lacks something the libraries ask for: the compatibility step is needed.</summary>
    public bool Needed => Missing.Count > 0;

    /// <summary>Every missing version is marked weak in the copies checked: the step was applied and they load.</summary>
    public bool Applied => Needed && Missing.All(m => m.Need.IsWeak);

    /// <summary>A missing version is a hard requirement: the library does not load here.</summary>
    public bool Broken => Missing.Any(m => !m.Need.IsWeak);

    /// <summary>One line for <c>rnnzoo doctor</c>.</summary>
    public string Describe()
    {
        if (!Needed) return "not needed: this libstdc++ has every version the native libraries ask for";
        var what = string.Join("; ", Missing.Select(m => $"{m.Library} needs {m.Need.Name} (for {string.Join(", ", m.Symbols.Take(3))}{(m.Symbols.Count > 3 ? ", ..." : "")}){(m.Need.IsWeak ? ", marked weak" : "")}"));
        return Applied
            ? $"needed and applied: {what}"
            : $"needed and NOT applied: {what}; this copy does not load here";
    }
}
