namespace RnnZoo.Training;

/// <summary>Gradient clipping, the seeds' cure for exploding gradients.</summary>
/// <param name="MaxNorm">Rescale all gradients together when their global L2 norm exceeds this (PyTorch's clip_grad_norm_).</param>
/// <param name="MaxValue">Clamp every gradient element to [−MaxValue, MaxValue] (clip_grad_value_).</param>
public sealed record ClippingSpec(double? MaxNorm = null, double? MaxValue = null);

/// <summary>Early stopping on the validation loss.</summary>
/// <param name="Patience">Epochs without improvement before stopping.</param>
/// <param name="MinDelta">Smallest decrease that counts as an improvement.</param>
/// <param name="RestoreBestWeights">Put back the weights of the best epoch when stopping (and at the end).</param>
public sealed record EarlyStoppingSpec(int Patience = 3, double MinDelta = 0, bool RestoreBestWeights = true);
