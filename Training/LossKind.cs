using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Training;

/// <summary>The losses the harness trains with.</summary>
public enum LossKind
{
    /// <summary>Softmax cross-entropy on logits <c>[B, C]</c> (or <c>[B, T, C]</c>) against int64 labels.</summary>
    CrossEntropy,
    /// <summary>Sigmoid binary cross-entropy on logits against 0/1 targets of the same shape.</summary>
    BinaryCrossEntropyWithLogits,
    /// <summary>Mean squared error.</summary>
    Mse,
    /// <summary>Mean absolute error.</summary>
    Mae,
    /// <summary>Huber (smooth L1) loss with delta 1.</summary>
    Huber,
}

/// <summary>Computes a loss.</summary>
public static class Losses
{
    /// <summary>The mean loss of <paramref name="prediction"/> against <paramref name="target"/>.</summary>
    public static Tensor Compute(LossKind kind, Tensor prediction, Tensor target) => kind switch
    {
        LossKind.CrossEntropy => prediction.dim() == 3
            ? nn.functional.cross_entropy(prediction.reshape(-1, prediction.shape[2]), target.reshape(-1))
            : nn.functional.cross_entropy(prediction, target),
        LossKind.BinaryCrossEntropyWithLogits => nn.functional.binary_cross_entropy_with_logits(prediction, target.to(prediction.dtype).view(prediction.shape)),
        LossKind.Mse => nn.functional.mse_loss(prediction, target.view(prediction.shape)),
        LossKind.Mae => nn.functional.l1_loss(prediction, target.view(prediction.shape)),
        LossKind.Huber => nn.functional.huber_loss(prediction, target.view(prediction.shape)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown loss."),
    };

    /// <summary>True for the classification losses.</summary>
    public static bool IsClassification(LossKind kind) => kind is LossKind.CrossEntropy or LossKind.BinaryCrossEntropyWithLogits;
}
