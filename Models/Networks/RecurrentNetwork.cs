using RnnZoo.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Networks;

/// <summary>
/// A stacked, optionally bidirectional RNN, LSTM or GRU: the one interface behind which the fused and the
/// reference implementations are interchangeable. Both are the same composition, <see cref="StackedRecurrent"/>
/// of <see cref="Bidirectional"/> pairs (or single layers); they differ only in the per-direction layer:
/// <see cref="FusedLayer"/> (libtorch's kernels) or <see cref="RecurrentLayer"/> over RnnZoo's cells.
/// </summary>
/// <remarks>
/// Parameters are named as in PyTorch's <c>nn.RNN</c>/<c>nn.LSTM</c>/<c>nn.GRU</c>: <c>weight_ih_l{k}</c> <c>[gates*H, in]</c>,
/// <c>weight_hh_l{k}</c> <c>[gates*H, H]</c>, <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c> <c>[gates*H]</c>, with the suffix
/// <c>_reverse</c> for the backward direction; gates stacked in PyTorch's order (LSTM i, f, g, o; GRU r, z, n).
/// <c>named_parameters</c>, <c>state_dict</c>, <c>save</c> and <c>load</c> all use these names, so weights move between the
/// two implementations, and a file saved from one loads into the other.
/// </remarks>
public abstract class RecurrentNetwork : SequenceLayer
{
    /// <summary>Creates the network for a validated spec; <paramref name="createDirection"/> makes each per-direction layer from its input size.</summary>
    private protected RecurrentNetwork(string name, RecurrentSpec spec, Func<RecurrentSpec, int, SequenceLayer> createDirection) : base(name)
    {
        Spec = (spec ?? throw new ArgumentNullException(nameof(spec))).Validate();
        ArgumentNullException.ThrowIfNull(createDirection);
        var layers = new List<SequenceLayer>();
        for (var k = 0; k < Spec.Layers; k++)
        {
            var inputSize = k == 0 ? Spec.InputSize : Spec.OutputSize;
            layers.Add(Spec.Bidirectional
                ? new Bidirectional(createDirection(Spec, inputSize), createDirection(Spec, inputSize), MergeMode.Concat)
                : createDirection(Spec, inputSize));
        }
        stack = new StackedRecurrent(layers, Spec.Dropout);
        RegisterComponents();
    }

#pragma warning disable IDE1006
    private readonly StackedRecurrent stack;
#pragma warning restore IDE1006

    /// <summary>What this network is.</summary>
    public RecurrentSpec Spec { get; }

    /// <summary>The composed layers.</summary>
    public StackedRecurrent Stack => stack;

    /// <inheritdoc />
    public override int InputSize => Spec.InputSize;
    /// <inheritdoc />
    public override int HiddenSize => Spec.HiddenSize;
    /// <inheritdoc />
    public override int OutputSize => Spec.OutputSize;
    /// <inheritdoc />
    public override IReadOnlyList<int> StateSizes => stack.StateSizes;
    /// <inheritdoc />
    public override int StateLayers => Spec.Layers * Spec.Directions;

    /// <summary>Each per-direction layer with its PyTorch suffix ("_l0", "_l0_reverse", ...), in PyTorch's order.</summary>
    public IEnumerable<(string Suffix, SequenceLayer Layer)> DirectionLayers()
    {
        var layers = stack.Layers;
        for (var k = 0; k < layers.Count; k++)
        {
            if (layers[k] is Bidirectional bi)
            {
                yield return ($"_l{k}", bi.ForwardLayer);
                yield return ($"_l{k}_reverse", bi.BackwardLayer);
            }
            else
            {
                yield return ($"_l{k}", layers[k]);
            }
        }
    }

    /// <summary>The parameters under their PyTorch names, in PyTorch's order.</summary>
    private IEnumerable<(string Name, Parameter Parameter)> CanonicalParameters() =>
        from d in DirectionLayers()
        from p in ((IDirectionLayer)d.Layer).CellParameters()
        select (p.Name + d.Suffix, p.Parameter);

    /// <inheritdoc />
    public override IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true) =>
        CanonicalParameters().Select(p => (p.Name, p.Parameter));

    /// <inheritdoc />
    public override Dictionary<string, Tensor> state_dict(Dictionary<string, Tensor>? destination = null, string? prefix = null)
    {
        destination ??= new Dictionary<string, Tensor>();
        foreach (var (name, parameter) in CanonicalParameters())
            destination.TryAdd(string.IsNullOrEmpty(prefix) ? name : $"{prefix}.{name}", parameter);
        return destination;
    }

    /// <inheritdoc />
    protected override RecurrentOutput Run(Tensor input, Tensor? lengths, RecurrentState? initialState, ForwardOptions options) =>
        stack.forward(input, lengths, initialState, options);

    /// <summary>
    /// The outputs only, <c>[batch, time, OutputSize]</c>: what a classifier or forecaster reads. Equal to
    /// <c>forward(...).Output</c>, and faster for a fused LSTM with varying lengths, whose exact final cell state
    /// (not needed here) costs one fused call per distinct length.
    /// </summary>
    public Tensor ForwardOutputs(Tensor input, Tensor? lengths = null, RecurrentState? initialState = null) =>
        forward(input, lengths, initialState, ForwardOptions.Outputs).Output;

    /// <summary>
    /// Runs the network with a probe on the top layer's hidden state: returns the result and the probe, a zero
    /// tensor <c>[batch, time, HiddenSize × directions]</c> that requires grad and is added to the hidden state at
    /// every step inside the recurrence. After <c>loss.backward()</c>, <c>probe.grad[:, t]</c> is dL/dh_t, the
    /// total derivative through the later steps (what vanishes or explodes).
    /// </summary>
    /// <remarks>
    /// The reference implementation computes it directly. A fused kernel keeps its steps inside libtorch, so
    /// the fused network runs a reference twin with a copy of its weights (gradients reach the twin, not this
    /// network: this is a diagnostic, not a training step).
    /// </remarks>
    public virtual (RecurrentOutput Result, Tensor Probe) ForwardWithHiddenProbe(Tensor input, Tensor? lengths = null, RecurrentState? initialState = null)
    {
        var twin = new ReferenceRecurrentNetwork(Spec with { Implementation = RecurrentImplementation.Reference });
        twin.CopyParametersFrom(this);
        twin.train(training);
        return twin.ForwardWithHiddenProbe(input, lengths, initialState);
    }

    /// <summary>
    /// Copies every parameter of <paramref name="source"/> (matched by PyTorch name) into this network,
    /// e.g. from a fused network into a reference one.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter is missing on either side or differs in shape; the message names it.</exception>
    public void CopyParametersFrom(RecurrentNetwork source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var from = source.CanonicalParameters().ToDictionary(p => p.Name, p => p.Parameter);
        var to = CanonicalParameters().ToList();
        foreach (var (name, _) in to)
            if (!from.ContainsKey(name)) throw new ArgumentException($"source: has no parameter '{name}' (source spec {source.Spec}, target spec {Spec}).", nameof(source));
        foreach (var name in from.Keys)
            if (to.All(p => p.Name != name)) throw new ArgumentException($"source: parameter '{name}' has no counterpart in the target (source spec {source.Spec}, target spec {Spec}).", nameof(source));
        foreach (var (name, parameter) in to)
            if (!parameter.shape.SequenceEqual(from[name].shape))
                throw new ArgumentException($"source: parameter '{name}' has shape {Guard.Describe(from[name].shape)}, the target expects {Guard.Describe(parameter.shape)}.", nameof(source));
        using var noGrad = no_grad();
        foreach (var (name, parameter) in to) parameter.copy_(from[name]);
    }
}
