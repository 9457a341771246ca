using System.Runtime.Intrinsics.X86;

namespace RnnZoo.Experiments.Diagnostics;

/// <summary>
/// The processor features that decide libtorch's CPU speed: its kernels are compiled for AVX2 and AVX-512 and picked at
/// run time; AVX512-BF16 and AMX speed up bfloat16. Read from Linux's <c>/proc/cpuinfo</c> flags, else from .NET's
/// hardware intrinsics (which know AVX2 and AVX-512F but not BF16).
/// </summary>
/// <param name="Model">The processor's model name, when known.</param>
/// <param name="Flags">The flags, as <c>/proc/cpuinfo</c> spells them (<c>avx2</c>, <c>avx512f</c>, <c>avx512_bf16</c>, <c>amx_bf16</c>).</param>
/// <param name="Source">Where the flags came from.</param>
public sealed record ProcessorFeatures(string? Model, IReadOnlySet<string> Flags, string Source)
{
    /// <summary>The features reported, in order: display name and <c>/proc/cpuinfo</c> flag.</summary>
    public static readonly IReadOnlyList<(string Name, string Flag)> Reported = new[]
    {
        ("AVX2", "avx2"), ("FMA", "fma"), ("AVX-512F", "avx512f"), ("AVX512-BF16", "avx512_bf16"), ("AMX-BF16", "amx_bf16"),
    };

    /// <summary>Parses <c>/proc/cpuinfo</c>: the first processor's <c>model name</c> and <c>flags</c> lines.</summary>
    public static ProcessorFeatures FromCpuInfo(string cpuinfo)
    {
        string? model = null, flags = null;
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var key = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (key == "model name" && model is null) model = value;
            else if (key == "flags" && flags is null) flags = value;
        }
        return new ProcessorFeatures(model, (flags ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal), "/proc/cpuinfo");
    }

    /// <summary>This machine's features.</summary>
    public static ProcessorFeatures Current()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var parsed = FromCpuInfo(File.ReadAllText("/proc/cpuinfo"));
                if (parsed.Flags.Count > 0) return parsed;
            }
        }
        catch (IOException) { }
        var flags = new HashSet<string>(StringComparer.Ordinal);
        if (Avx2.IsSupported) flags.Add("avx2");
        if (Fma.IsSupported) flags.Add("fma");
        if (Avx512F.IsSupported) flags.Add("avx512f");
        return new ProcessorFeatures(null, flags, ".NET hardware intrinsics (no BF16 or AMX information)");
    }

    /// <summary>Whether the processor has the <c>/proc/cpuinfo</c> flag.</summary>
    public bool Has(string flag) => Flags.Contains(flag);

    /// <summary>One line for <c>rnnzoo doctor</c>, e.g. <c>AVX2 yes, FMA yes, AVX-512F no, ...</c>.</summary>
    public string Describe() => string.Join(", ", Reported.Select(f => $"{f.Name} {(Has(f.Flag) ? "yes" : "no")}"));
}
