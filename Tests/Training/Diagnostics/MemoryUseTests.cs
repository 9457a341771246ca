using System.Runtime.CompilerServices;
using NUnit.Framework;
using RnnZoo.Training.Callbacks;
using RnnZoo.Training.Diagnostics;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Training.Diagnostics;

public class MemoryUseTests
{
    [Test]
    public void CountsALiveTensorInTheCHeap()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("glibc's mallinfo2 is Linux's.");
        using (zeros(64L * 1024 * 1024 / sizeof(float))) { } // libtorch's own first-use allocations, out of the measurement
        var before = MemoryUse.Now();
        Assert.That(before.NativeInUseMb, Is.Not.Null);
        using (zeros(64L * 1024 * 1024 / sizeof(float))) // 64 MB, filled so that its pages are resident
        {
            var during = MemoryUse.Now();
            Assert.That(during.NativeInUseMb - before.NativeInUseMb, Is.EqualTo(64).Within(4));
            Assert.That(during.ResidentMb, Is.GreaterThanOrEqualTo(during.AnonymousMb!.Value));
        }
        Assert.That(MemoryUse.Now().NativeInUseMb - before.NativeInUseMb, Is.LessThan(4), "freed with the tensor");
    }

    [Test]
    public void TheEpochTrimFreesDeadLargeArraysOfTheManagedHeap()
    {
        ManagedHeap.Compact();
        var before = MemoryUse.Now().ManagedMb;
        Assert.That(HeapWithLargeArrays(200) - before, Is.GreaterThan(150));

        // The arrays are dead now; a young collection would leave them in the large-object heap.
        new MemoryTrim().OnTrainEpochEnd(null!);

        Assert.That(MemoryUse.Now().ManagedMb - before, Is.LessThan(20));
    }

    // The managed heap's size with this many MB of live 1 MB arrays (large objects), which die on return.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double HeapWithLargeArrays(int megabytes)
    {
        var arrays = Enumerable.Range(0, megabytes).Select(_ => new byte[1 << 20]).ToArray();
        GC.Collect(0); // records the heap's size; leaves the large-object heap alone
        var size = MemoryUse.Now().ManagedMb;
        GC.KeepAlive(arrays);
        return size;
    }
}
