namespace RnnZoo.Experiments.Bench;

/// <summary>Resident memory of this process, from /proc (Linux); NaN elsewhere.</summary>
internal static class Memory
{
    /// <summary>Resets the kernel's peak-RSS mark (VmHWM), so the next reading covers only what follows.</summary>
    public static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* not Linux, or not allowed: peak covers the whole run */ }
    }

    /// <summary>Peak resident set size since the last reset, in MB.</summary>
    public static double PeakRssMegabytes() => ReadStatusKilobytes("VmHWM:") / 1024.0;

    /// <summary>Current resident set size, in MB.</summary>
    public static double RssMegabytes() => ReadStatusKilobytes("VmRSS:") / 1024.0;

    private static double ReadStatusKilobytes(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line[key.Length..].Trim().Split(' ')[0]);
        }
        catch (IOException) { return double.NaN; }
    }
}
