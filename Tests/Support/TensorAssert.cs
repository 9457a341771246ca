using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Support;

/// <summary>Numeric comparisons of tensors with messages that say where and by how much they differ.</summary>
public static class TensorAssert
{
    /// <summary>Largest absolute difference between two tensors of the same shape.</summary>
    public static double MaxAbsDiff(Tensor actual, Tensor expected)
    {
        Assert.That(actual.shape, Is.EqualTo(expected.shape), "shapes differ");
        using var scope = NewDisposeScope();
        return actual.numel() == 0 ? 0 : (actual.to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs().max().item<double>();
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance everywhere; returns the largest difference.</summary>
    public static double Close(Tensor actual, Tensor expected, double tolerance, string what)
    {
        var diff = MaxAbsDiff(actual, expected);
        Assert.That(diff, Is.LessThanOrEqualTo(tolerance), $"{what}: max |difference| {diff:E3} > {tolerance:E1}");
        return diff;
    }

    /// <summary>The values of a tensor as doubles, row-major.</summary>
    public static double[] Values(Tensor t) => t.to(ScalarType.Float64).cpu().data<double>().ToArray();
}
