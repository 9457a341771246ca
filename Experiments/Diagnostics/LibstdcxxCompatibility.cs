using RnnZoo.Build;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary>
/// The libstdc++ side of loading TorchSharp on Linux: which GLIBCXX versions this system's libstdc++ offers, which the
/// native libraries need that it lacks, and whether RnnZoo's compatibility step (build/README.md: the requirement marked
/// weak) was applied to the copies that load.
/// </summary>
public static class LibstdcxxCompatibility
{
    /// <summary>The GLIBCXX versions among ELF version definitions, oldest first (<c>GLIBCXX_3.4</c>, <c>GLIBCXX_3.4.1</c>, ...).</summary>
    public static IReadOnlyList<string> GlibcxxVersions(IEnumerable<string> definitions) =>
        definitions.Where(d => d.StartsWith("GLIBCXX_", StringComparison.Ordinal) && System.Version.TryParse(Pad(d["GLIBCXX_".Length..]), out _))
                   .Distinct(StringComparer.Ordinal)
                   .OrderBy(d => System.Version.Parse(Pad(d["GLIBCXX_".Length..])))
                   .ToList();

    // System.Version wants two to four parts: "3.4" and "3.4.30" parse as they are.
    private static string Pad(string version) => version.Contains('.') ? version : version + ".0";

    /// <summary>
    /// Compares what <paramref name="libraries"/> need from libstdc++.so.6 with what <paramref name="available"/> defines.
    /// </summary>
    public static CompatibilityStatus Check(IEnumerable<ElfImage> libraries, ICollection<string> available)
    {
        var missing = new List<(string Library, VersionNeed Need, IReadOnlyList<string> Symbols)>();
        foreach (var library in libraries)
            foreach (var need in library.Needs.Where(n => n.File == GlibcxxRelaxer.Dependency && !available.Contains(n.Name)))
                missing.Add((Path.GetFileName(library.Path), need,
                             library.SymbolsByVersion.TryGetValue(need.Index, out var symbols) ? symbols : Array.Empty<string>()));
        return new CompatibilityStatus(missing);
    }
}
