using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;


namespace RnnZoo.Models.Cells;

/// <summary>
/// LSTM cell (Hochreiter and Schmidhuber 1997; PyTorch's <c>nn.LSTMCell</c>), gates stacked (i, f, g, o):
/// <code>
/// i  = σ(W_ii x + b_ii + W_hi h + b_hi)      input gate
/// f  = σ(W_if x + b_if + W_hf h + b_hf)      forget gate
/// g  = tanh(W_ig x + b_ig + W_hg h + b_hg)   candidate
/// o  = σ(W_io x + b_io + W_ho h + b_ho)      output gate
/// c' = f ⊙ c + i ⊙ g
/// h' = o ⊙ tanh(c')
/// </code>
/// The output is <c>h'</c>; the state is <c>(h', c')</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>weight_ih</c> <c>[4H, I]</c>, <c>weight_hh</c> <c>[4H, H]</c>, <c>bias_ih</c> and <c>bias_hh</c> <c>[4H]</c>.
/// </remarks>
[CellName("lstm")]
public sealed class LstmCell : RecurrentCell
{
#pragma warning disable IDE1006 // PyTorch's parameter names, so weights copy one-to-one with nn.LSTM.
    public Parameter weight_ih;
    public Parameter weight_hh;
    public Parameter? bias_ih;
    public Parameter? bias_hh;
#pragma warning restore IDE1006

    /// <summary>Creates an LSTM cell.</summary>
    public LstmCell(int inputSize, int hiddenSize, bool bias = true) : base(nameof(LstmCell), inputSize, hiddenSize)
    {
        (weight_ih, weight_hh, bias_ih, bias_hh) = CellParameters.Create(inputSize, hiddenSize, gates: 4, bias);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override IReadOnlyList<int> StateSizes => [HiddenSize, HiddenSize];

    /// <inheritdoc />
    /// <remarks>With gradients off (inference) the stepper computes the same equations in place.</remarks>
    public override CellStepper Prepare() => new Stepper(this, inPlace: !is_grad_enabled());

    private sealed class Stepper : CellStepper
    {
        private readonly Tensor? _weightIh, _bias;
        private readonly Tensor _weightHhT; // [H, 4H], or [members, H, 4H] for a group
        private readonly long _hidden;
        private readonly bool _inPlace;
        private readonly bool _kernel;  // float32 on the CPU: whole runs go through LstmSequence
        private readonly bool _doubled; // the candidate's rows hold 2a (in place and for the kernel)

        public Stepper(LstmCell cell, bool inPlace)
        {
            (_hidden, _inPlace) = (cell.HiddenSize, inPlace);
            _kernel = LstmSequence.Supports(cell.weight_hh);
            _doubled = inPlace || _kernel;
            // Rows regrouped once per sequence from PyTorch's (i, f, g, o) to (i, f, o, g), so that one sigmoid covers
            // the three gates; for the in-place step and the kernel, the candidate's rows are doubled, so that it covers
            // all four (tanh(a) = 2σ(2a) − 1).
            var h = cell.HiddenSize;
            var order = cat(new[] { arange(0, 2 * h, dtype: ScalarType.Int64), arange(3 * h, 4 * h, dtype: ScalarType.Int64), arange(2 * h, 3 * h, dtype: ScalarType.Int64) });
            var scale = _doubled ? cat(new[] { ones(3 * h), full(h, 2.0) }) : null;
            Tensor Rows(Tensor t)
            {
                var regrouped = t.index_select(0, order);
                return scale is null ? regrouped : regrouped * (t.dim() == 2 ? scale.unsqueeze(1) : scale).to(t.dtype);
            }
            _weightIh = Rows(cell.weight_ih);
            _weightHhT = Rows(cell.weight_hh).t();
            _bias = CellParameters.SumBiases(cell.bias_ih, cell.bias_hh) is { } b ? Rows(b) : null;
        }

        private Stepper(IReadOnlyList<Stepper> members)
        {
            (_hidden, _inPlace, _kernel, _doubled) = (members[0]._hidden, members[0]._inPlace, members[0]._kernel, members[0]._doubled);
            _weightHhT = RecurrentProduct.Stack(members.Select(m => m._weightHhT));
            _groupWeightIhT = RecurrentProduct.StackInputWeights(members.Select(m => m._weightIh!));
            _groupBias = members[0]._bias is null ? null : RecurrentProduct.Stack(members.Select(m => m._bias!));
        }

        private readonly Tensor? _groupWeightIhT, _groupBias; // a group's input weights [members, I, 4H] and biases [members, 1, 4H]

        // W_i* x + b_i* + b_h* for all four gates and every step in one product (a group: [members, ..., I], one batched product).
        public override Tensor ProjectInputs(Tensor input) =>
            _weightIh is not null ? nn.functional.linear(input, _weightIh, _bias)
            : RecurrentProduct.Project(input, _groupWeightIhT ?? throw new InvalidOperationException("The group's members have different input sizes: project with each member's stepper."), _groupBias);

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            if (_inPlace) return StepInPlace(projectedInput, state);
            var gates = RecurrentProduct.Add(projectedInput, state.H, _weightHhT).split(new[] { 3 * _hidden, _hidden }, -1); // + W_h* h
            var ifo = gates[0].sigmoid().chunk(3, -1);                // i, f, o = σ(·)
            var g = _doubled ? gates[1].sigmoid() * 2 - 1 : gates[1].tanh(); // g = tanh(a) (= 2σ(2a) − 1 on doubled rows)
            var c = (ifo[1] * state.C!).addcmul_(ifo[0], g, 1);        // c' = f ⊙ c + i ⊙ g
            var h = ifo[2] * c.tanh();                                 // h' = o ⊙ tanh(c')
            return new CellOutput(h, new RecurrentState(h, c));
        }

        // The kernel (LstmSequence), for float32 on the CPU: one libtorch call a step instead of nine, and a hand-written
        // backward pass. A single cell's input projection is the kernel's too (its gradients then come from one product);
        // a group projects first (one batched product) and hands the kernel the projected inputs.
        public override (Tensor Outputs, RecurrentState States)? StepAll(Tensor input, RecurrentState state)
        {
            if (!_kernel || input.dtype != ScalarType.Float32 || input.device_type != DeviceType.CPU) return null;
            Tensor h, c;
            if (_weightIh is not null) (h, c) = LstmSequence.Run(input, _weightIh.t(), _bias, state.H, state.C!, _weightHhT);
            else if (_groupWeightIhT is not null)
                (h, c) = LstmSequence.Run(RecurrentProduct.Project(input.transpose(0, 1), _groupWeightIhT, _groupBias).transpose(0, 1), null, null,
                    state.H, state.C!, _weightHhT);
            else return null;
            return (h, new RecurrentState(h, c));
        }

        public override bool HasRunKernel => _kernel;

        // Inference: the same equations, computed in the step's own projection (the loop hands each step over once),
        // with one sigmoid for all four gates: the candidate's rows carry twice its pre-activation a, and
        // tanh(a) = 2σ(2a) − 1 (see SigmoidTanh for why that is faster here).
        private CellOutput StepInPlace(Tensor projectedInput, RecurrentState state)
        {
            var s = RecurrentProduct.AddInPlace(projectedInput, state.H, _weightHhT).sigmoid_().chunk(4, -1); // σ(i), σ(f), σ(o), σ(2a)
            var (i, f, o, sg) = (s[0], s[1], s[2], s[3]);
            var c = f.mul_(state.C!).addcmul_(i, sg, 2).sub_(i);       // c' = f ⊙ c + i ⊙ g, g = tanh(a) = 2σ(2a) − 1   (in f's place)
            var t = (c * 2).sigmoid_();                                // σ(2c')
            var h = o.neg().lerp_(o, t);                               // h' = o ⊙ tanh(c') = o ⊙ (2σ(2c') − 1) = −o + σ(2c') ⊙ 2o
            return new CellOutput(h, new RecurrentState(h, c));
        }

        protected override CellStepper? GroupOf(IReadOnlyList<CellStepper> members) =>
            members.Cast<Stepper>().ToArray() is var steppers && steppers.All(m => m._weightIh is not null) ? new Stepper(steppers) : null;
    }
}
