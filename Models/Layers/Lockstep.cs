using RnnZoo.Models.Cells;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Layers;

/// <summary>
/// Several reference cells stepped together (<see cref="CellStepper.Group"/>): one batched matrix product and one set of
/// element-wise operations per step for all of them, on tensors twice (or L times) as large, instead of one set per
/// cell. A step of a small cell is a handful of libtorch calls of a few microseconds each, mostly fixed costs, so
/// this divides the calls per step, and it makes the element-wise tensors large enough for libtorch to share them
/// among its threads (it does not below 32,768 elements). The results are the same as stepping each cell alone.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The two directions of a bidirectional layer are independent: they step together over the whole sequence,
/// the backward one over the reversed input.</item>
/// <item>The layers of a stack are not: layer l+1 reads what layer l wrote. They step as a wavefront (Appleyard,
/// Kočiský and Blunsom 2016, "Optimizing performance of recurrent neural networks on GPUs", §3.2): time is cut into
/// chunks, and while layer l runs chunk k, layer l+1 runs chunk k−1, whose inputs layer l finished one phase earlier
/// and which are projected for the whole chunk in one product. L layers over T steps take T + (L−1)·chunk steps of
/// the group instead of L·T steps of one cell.</item>
/// </list>
/// </remarks>
internal static class Lockstep
{
    /// <summary>
    /// The two directions in lockstep, or null when their cells cannot be grouped. Returns the outputs
    /// <c>[2, batch, time, O]</c> (backward in its reversed time, unmasked) and the state <c>[2, batch, size]</c>.
    /// </summary>
    public static (Tensor Outputs, RecurrentState State)? Bidirectional(RecurrentLayer forward, RecurrentLayer backward, Tensor input,
        Tensor? reversal, SequenceEnds? ends, RecurrentState? initialState, ForwardOptions options)
    {
        var members = new[] { forward.Cell.Prepare(), backward.Cell.Prepare() };
        if (CellStepper.Group(members) is not { } group) return null;
        var (batch, time) = (input.shape[0], input.shape[1]);
        // Both directions' inputs, members first as a group's projection (one batched product) takes them, [2, T, B, I],
        // handed over time-major.
        var inputs = stack(new[] { input.transpose(0, 1), SequenceReversal.Reverse(input, reversal).transpose(0, 1) });
        var state = initialState ?? ZeroState(forward.Cell, 2, batch, input);
        var (outputs, final) = RecurrentLayer.Unroll(group, inputs.transpose(0, 1), x => group.ProjectInputs(x.transpose(0, 1)).transpose(0, 1), state, ends, options with { UnmaskedPadding = true });
        return (outputs, final.Map(part => part.squeeze(0))); // [2, B, T, O], [2, B, size]
    }

    /// <summary>
    /// The layers of a unidirectional stack as a wavefront, or null when their cells cannot be grouped.
    /// <paramref name="between"/> is applied to each layer's outputs before the next layer reads them (dropout).
    /// Returns the top layer's outputs <c>[batch, time, O]</c> (masked past each length unless the options say
    /// otherwise) and the states <c>[layers, batch, size]</c>.
    /// </summary>
    public static RecurrentOutput? Stack(IReadOnlyList<RecurrentLayer> layers, Tensor input, Tensor? lengths, RecurrentState? initialState,
        ForwardOptions options, Func<Tensor, Tensor> between)
    {
        var count = layers.Count;
        var steppers = layers.Select(l => l.Cell.Prepare()).ToArray();
        // A wavefront divides the calls a step; cells with a kernel for whole runs make few calls anyway, and for them it
        // only adds the chunks' copies: one run per layer measured the same or faster (imdb-lstm2's encoder, B 64, T 500,
        // H 100, two runs alternating: training 417 and 517 ms against 453 and 535 ms, inference 150 and 198 against
        // 144 and 194 ms).
        if (steppers.All(s => s.HasRunKernel) || CellStepper.Group(steppers) is null) return null;
        var groups = new Dictionary<(int First, int Count), CellStepper>();
        CellStepper StepperOf(int first, int n) =>
            n == 1 ? steppers[first]
            : groups.TryGetValue((first, n), out var g) ? g
            : groups[(first, n)] = CellStepper.Group(steppers[first..(first + n)])!;

        var (batch, time) = (input.shape[0], input.shape[1]);
        var ends = SequenceEnds.Of(lengths, time, input.device);
        var chunk = ChunkLength(time);
        var chunks = (int)((time + chunk - 1) / chunk);
        long Start(int k) => k * chunk;
        long Length(int k) => Math.Min(chunk, time - k * chunk);

        // Per layer: its running state ([batch, size] parts), the projected inputs of its next chunks (time-major
        // [length, batch, P]), the states recorded where sequences end, and its output pieces of the current chunk.
        var states = Enumerable.Range(0, count).Select(l =>
            initialState?.Map(part => part[l]) ?? layers[l].Cell.ZeroState(batch, input)).ToArray();
        var pending = Enumerable.Range(0, count).Select(_ => new Queue<Tensor>()).ToArray();
        var records = Enumerable.Range(0, count).Select(_ => new List<RecurrentState>()).ToArray();
        var pieces = Enumerable.Range(0, count).Select(_ => new List<Tensor>()).ToArray();
        // Cut with split, not narrow: split's gradient is one concatenation, narrow's a zero tensor of the whole
        // projection per chunk.
        foreach (var piece in steppers[0].ProjectInputs(input.transpose(0, 1)).split(chunk, 0)) pending[0].Enqueue(piece); // [≤chunk, B, P]
        var top = new List<Tensor>();

        for (var phase = 0; phase < chunks + count - 1; phase++)
        {
            // Layer l runs chunk phase − l; only the lowest active layer's chunk can be the short last one.
            var (low, high) = (Math.Max(0, phase - chunks + 1), Math.Min(count - 1, phase));
            var inputs = new Tensor[count];
            for (var l = low; l <= high; l++) inputs[l] = pending[l].Dequeue();
            long done = 0;
            var longest = Length(phase - high);
            while (done < longest)
            {
                var first = Enumerable.Range(low, high - low + 1).First(l => Length(phase - l) > done);
                var until = Length(phase - first);
                var n = high - first + 1;
                Tensor Part(int l) => done == 0 && until == inputs[l].shape[0] ? inputs[l] : inputs[l].narrow(0, done, until - done);
                var steps = n == 1 ? Part(first) : stack(Enumerable.Range(first, n).Select(Part).ToArray(), 1); // [steps, (n,) B, P]
                var stepper = StepperOf(first, n);
                bool EndsThere(int l, long s) => ends!.IsLastStep(Start(phase - l) + done + s);
                var (outputs, state, kept) = RecurrentLayer.StepThrough(stepper, steps,
                    n == 1 ? states[first] : RecurrentState.Concat(Enumerable.Range(first, n).Select(l => states[l].Map(part => part.unsqueeze(0))).ToArray()),
                    s => ends is not null && Enumerable.Range(first, n).Any(l => EndsThere(l, s)));
                var stacked = stack(outputs, 0); // [steps, (n,) B, O]
                foreach (var (s, at) in kept)
                {
                    var split = n == 1 ? new[] { at } : Split(at, n);
                    for (var l = first; l <= high; l++)
                        if (EndsThere(l, s)) records[l].Add(options.OutputsOnly ? new RecurrentState(split[l - first].H) : split[l - first]);
                }
                if (n == 1)
                {
                    states[first] = state;
                    pieces[first].Add(stacked);
                }
                else
                {
                    var split = Split(state, n);
                    var byMember = stacked.unbind(1);
                    for (var m = 0; m < n; m++)
                    {
                        states[first + m] = split[m];
                        pieces[first + m].Add(byMember[m]);
                    }
                }
                done = until;
            }
            for (var l = low; l <= high; l++)
            {
                var output = pieces[l].Count == 1 ? pieces[l][0] : cat(pieces[l].ToArray(), 0); // [length, B, O]
                pieces[l].Clear();
                if (l < count - 1) pending[l + 1].Enqueue(steppers[l + 1].ProjectInputs(between(output)));
                else top.Add(output);
            }
        }

        var sequence = cat(top.ToArray(), 0).transpose(0, 1).contiguous(); // [B, T, O]
        if (ends is not null && !options.UnmaskedPadding) sequence = ends.MaskPadding(sequence);
        var finals = Enumerable.Range(0, count).Select(l => ends is null ? states[l].Map(part => part.unsqueeze(0)) : ends.Final(records[l])).ToArray();
        return new RecurrentOutput(sequence, RecurrentState.Concat(finals));
    }

    /// <summary>
    /// Steps per chunk of the wavefront: about √T (at least 4, at most 32), so that the T + (L−1)·chunk steps stay
    /// close to T while the chunks stay few (each costs a few calls and one input projection).
    /// </summary>
    internal static long ChunkLength(long time) => Math.Clamp((long)Math.Ceiling(Math.Sqrt(time)), 4, 32);

    private static RecurrentState[] Split(RecurrentState state, int n)
    {
        var parts = state.Parts.Select(p => p.unbind(0)).ToArray();
        return Enumerable.Range(0, n).Select(m => new RecurrentState(parts.Select(p => p[m]).ToArray())).ToArray();
    }

    private static RecurrentState ZeroState(RecurrentCell cell, long members, long batch, Tensor like) =>
        new(cell.StateSizes.Select(size => zeros(new[] { members, batch, (long)size }, dtype: like.dtype, device: like.device)).ToArray());
}
