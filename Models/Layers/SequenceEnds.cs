using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// Where the sequences of a post-padded batch end, for a loop that steps the whole batch through the padding
/// without masking each step: with post-padding a valid step depends only on earlier steps, so the outputs at the
/// valid steps are exact anyway. What the padding changes is only read back through this: the final state of each
/// sequence, taken from the states recorded at the steps where some sequence ends (one gather at the end, instead of
/// a <c>where</c> per state part and step), and the mask of the outputs past each length (one, at the end).
/// </summary>
internal sealed class SequenceEnds
{
    private readonly HashSet<long> _lastSteps;
    private readonly Tensor _positions; // [batch] int64: the index of each sequence's length among the distinct lengths
    private readonly Tensor _lengths;   // [batch] int64 on the device
    private readonly long _time;

    private SequenceEnds(long[] lengths, long time, Device device)
    {
        var distinct = lengths.Distinct().Order().ToArray();
        _lastSteps = distinct.Select(l => l - 1).ToHashSet();
        var index = distinct.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => (long)p.i);
        _positions = tensor(lengths.Select(l => index[l]).ToArray(), device: device);
        _lengths = tensor(lengths, device: device);
        _time = time;
    }

    /// <summary>The ends of <paramref name="lengths"/> (<c>[batch]</c> int64, CPU), or null when there are none or
    /// every sequence is <paramref name="time"/> long (nothing to record or mask).</summary>
    public static SequenceEnds? Of(Tensor? lengths, long time, Device device)
    {
        if (lengths is null) return null;
        var values = lengths.data<long>().ToArray();
        return values.All(l => l == time) ? null : new SequenceEnds(values, time, device);
    }

    /// <summary>True when step <paramref name="t"/> is the last valid step of some sequence: record the state after it.</summary>
    public bool IsLastStep(long t) => _lastSteps.Contains(t);

    /// <summary>
    /// Every sequence's state at its own last step, from <paramref name="records"/>: the states after each step
    /// where <see cref="IsLastStep"/> held, in time order. Parts <c>[..., batch, size]</c> come back as
    /// <c>[1, ..., batch, size]</c>.
    /// </summary>
    public RecurrentState Final(IReadOnlyList<RecurrentState> records)
    {
        if (records.Count != _lastSteps.Count)
            throw new InvalidOperationException($"Expected a state recorded at each of the {_lastSteps.Count} last steps, got {records.Count}.");
        return new RecurrentState(Enumerable.Range(0, records[0].Count).Select(k =>
        {
            var recorded = stack(records.Select(r => r.Parts[k]).ToArray(), 0); // [distinct, ..., batch, size]
            var shape = recorded.shape.Select((_, d) => d == recorded.dim() - 2 ? -1L : 1L).ToArray();
            var index = _positions.view(shape).expand(recorded.shape.Select((s, d) => d == 0 ? 1 : s).ToArray());
            return recorded.gather(0, index);
        }).ToArray());
    }

    /// <summary>
    /// Every sequence's state at its own last step, from the states after every step (parts <c>[time, ..., batch, size]</c>,
    /// as <see cref="Cells.CellStepper.StepAll"/> returns them): one gather a part. Parts come back as
    /// <c>[1, ..., batch, size]</c>, as from <see cref="Final"/>.
    /// </summary>
    public RecurrentState AtEnds(RecurrentState everyStep) => everyStep.Map(part =>
    {
        var shape = part.shape.Select((_, d) => d == part.dim() - 2 ? -1L : 1L).ToArray();
        var index = (_lengths - 1).view(shape).expand(part.shape.Select((s, d) => d == 0 ? 1 : s).ToArray());
        return part.gather(0, index);
    });

    /// <summary><paramref name="outputs"/> <c>[batch, time, features]</c> with zeros past each length.</summary>
    public Tensor MaskPadding(Tensor outputs)
    {
        var padding = arange(_time, dtype: ScalarType.Int64, device: outputs.device).unsqueeze(0) >= _lengths.unsqueeze(1);
        return outputs.masked_fill(padding.unsqueeze(-1), 0);
    }
}
