using System.Runtime.InteropServices;

namespace RnnZoo.Training.Diagnostics;

/// <summary>
/// Where a process's memory is, in MB: what the operating system counts resident, split into anonymous pages and
/// mapped files, and the two heaps that fill the anonymous part (the C heap libtorch allocates tensors from, and .NET's
/// managed heap). Logged per epoch, it tells which of them grows when resident memory does.
/// </summary>
/// <param name="ResidentMb">Resident set (<c>VmRSS</c>).</param>
/// <param name="AnonymousMb">Its anonymous pages (<c>RssAnon</c>): heaps, stacks, JIT code; null where /proc is absent.</param>
/// <param name="NativeInUseMb">Bytes handed out by the C heap and not yet freed (glibc's <c>mallinfo2</c>: small and large
/// blocks together): libtorch's live tensors and caches. Null elsewhere than glibc.</param>
/// <param name="NativeFreeMb">Free bytes the C heap holds in its arenas (<c>fordblks</c>): fragmentation after a trim.</param>
/// <param name="ManagedMb">.NET's managed heap after the last collection (<c>GCMemoryInfo.HeapSizeBytes</c>).</param>
public sealed record MemoryUse(double ResidentMb, double? AnonymousMb, double? NativeInUseMb, double? NativeFreeMb, double ManagedMb)
{
    private const double Mb = 1048576.0;
    private static bool _noMallinfo = !OperatingSystem.IsLinux();

    /// <summary>The figures now.</summary>
    public static MemoryUse Now()
    {
        double? anonymous = null;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal)
                    && double.TryParse(line.AsSpan(8).Trim().TrimEnd("kB").Trim(), out var kb))
                    anonymous = Round(kb * 1024);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }

        double? inUse = null, free = null;
        if (!_noMallinfo)
        {
            try
            {
                var info = mallinfo2();
                inUse = Round((double)info.uordblks + info.hblkhd);
                free = Round(info.fordblks);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _noMallinfo = true; // musl, or a glibc older than 2.33
            }
        }
        return new MemoryUse(Round(Environment.WorkingSet), anonymous, inUse, free, Round(GC.GetGCMemoryInfo().HeapSizeBytes));
    }

    private static double Round(double bytes) => Math.Round(bytes / Mb, 1);

    // glibc's struct mallinfo2 (malloc.h): ten size_t fields; it sums every arena.
    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo2
    {
        public nuint arena, ordblks, smblks, hblks, hblkhd, usmblks, fsmblks, uordblks, fordblks, keepcost;
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallInfo2 mallinfo2();
}
