using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models;

/// <summary>
/// The state a recurrent cell or network carries from one time step to the next: whatever tensors the cell says
/// it needs (<see cref="Cells.RecurrentCell.StateSizes"/>), in the cell's order. <see cref="H"/> is always the first
/// (the hidden state); an LSTM's cell state <see cref="C"/> is the second.
/// </summary>
/// <remarks>
/// For a single cell every part is <c>[batch, size]</c>. For a network (stacked and/or bidirectional) the layout is
/// PyTorch's <c>h_n</c>/<c>c_n</c>: <c>[layers * directions, batch, size]</c>, index <c>layer * directions + direction</c>.
/// The sequence loop, the wrappers and the argument checks treat the parts alike, so a cell with a state of its own
/// shape needs no change anywhere else.
/// </remarks>
public sealed class RecurrentState
{
    private readonly Tensor[] _parts;

    /// <summary>A state of a hidden state and, for an LSTM, a cell state.</summary>
    public RecurrentState(Tensor h, Tensor? c = null) : this(c is null ? [h] : [h, c]) { }

    /// <summary>A state of any number of parts (at least one; the first is the hidden state).</summary>
    /// <exception cref="ArgumentException">No parts, or a null part.</exception>
    public RecurrentState(IReadOnlyList<Tensor> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) throw new ArgumentException("parts: a state needs at least one tensor (the hidden state), got none.", nameof(parts));
        for (var i = 0; i < parts.Count; i++)
            if (parts[i] is null) throw new ArgumentException($"parts[{i}] is null.", nameof(parts));
        _parts = parts.ToArray();
    }

    /// <summary>The state's tensors in the cell's order.</summary>
    public IReadOnlyList<Tensor> Parts => _parts;

    /// <summary>Number of tensors.</summary>
    public int Count => _parts.Length;

    /// <summary>Hidden state (the first part).</summary>
    public Tensor H => _parts[0];

    /// <summary>Cell state of an LSTM (the second part), or null when the state has one part.</summary>
    public Tensor? C => _parts.Length > 1 ? _parts[1] : null;

    /// <summary>The same state with another hidden state.</summary>
    public RecurrentState WithH(Tensor h)
    {
        var parts = (Tensor[])_parts.Clone();
        parts[0] = h;
        return new RecurrentState(parts);
    }

    /// <summary>Applies <paramref name="map"/> to every part (e.g. a slice along the layer axis).</summary>
    public RecurrentState Map(Func<Tensor, Tensor> map) => new(_parts.Select(map).ToArray());

    /// <summary>Combines two states of the same layout part by part (e.g. <c>where(valid, next, previous)</c>).</summary>
    /// <exception cref="ArgumentException">The states have different numbers of parts.</exception>
    public RecurrentState Zip(RecurrentState other, Func<Tensor, Tensor, Tensor> combine)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count != Count) throw new ArgumentException($"other: expected a state of {Count} parts, got {other.Count}.", nameof(other));
        return new RecurrentState(_parts.Select((p, i) => combine(p, other._parts[i])).ToArray());
    }

    /// <summary>Concatenates states of the same layout along <paramref name="dimension"/>, part by part.</summary>
    public static RecurrentState Concat(IReadOnlyList<RecurrentState> states, long dimension = 0)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count == 0) throw new ArgumentException("states: nothing to concatenate.", nameof(states));
        if (states.Count == 1) return states[0];
        var count = states[0].Count;
        if (states.Any(s => s.Count != count)) throw new ArgumentException($"states: expected {count} parts in every state.", nameof(states));
        return new RecurrentState(Enumerable.Range(0, count).Select(i => cat(states.Select(s => s._parts[i]).ToArray(), dimension)).ToArray());
    }

    /// <summary>Moves every part to the enclosing dispose scope (see TorchSharp's DisposeScope).</summary>
    public RecurrentState MoveToOuterDisposeScope()
    {
        foreach (var part in _parts) part.MoveToOuterDisposeScope();
        return this;
    }

    /// <summary>The part's name in messages: H, C, then [i].</summary>
    public static string PartName(int index) => index switch { 0 => "H", 1 => "C", _ => $"Parts[{index}]" };
}
