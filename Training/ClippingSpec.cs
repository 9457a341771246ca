using RnnZoo.Training.Callbacks;

namespace RnnZoo.Training;

/// <summary>Gradient clipping, the seeds' cure for exploding gradients.</summary>
/// <param name="MaxNorm">Rescale all gradients together when their global L2 norm exceeds this (PyTorch's clip_grad_norm_).</param>
/// <param name="MaxValue">Clamp every gradient element to [−MaxValue, MaxValue] (clip_grad_value_).</param>
public sealed record ClippingSpec(double? MaxNorm = null, double? MaxValue = null);

/// <summary>Early stopping as data (see <see cref="Callbacks.EarlyStopping"/>).</summary>
/// <param name="Patience">Epochs without improvement before stopping.</param>
/// <param name="MinDelta">Smallest change that counts as an improvement.</param>
/// <param name="RestoreBestWeights">Put back the weights of the best epoch at the end.</param>
/// <param name="Monitor">The value watched (default val_loss, lower is better).</param>
public sealed record EarlyStoppingSpec(int Patience = 3, double MinDelta = 0, bool RestoreBestWeights = true, MetricMonitor? Monitor = null);
