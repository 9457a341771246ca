using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;


namespace RnnZoo.Models.Cells;

/// <summary>
/// GRU cell (Cho et al. 2014) in PyTorch's form (<c>nn.GRUCell</c>; Keras' <c>reset_after=True</c>), gates stacked (r, z, n):
/// <code>
/// r  = σ(W_ir x + b_ir + W_hr h + b_hr)          reset gate
/// z  = σ(W_iz x + b_iz + W_hz h + b_hz)          update gate
/// n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))  candidate, reset applied after the hidden product
/// h' = (1 − z) ⊙ n + z ⊙ h
/// </code>
/// The output is <c>h'</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>weight_ih</c> <c>[3H, I]</c>, <c>weight_hh</c> <c>[3H, H]</c>, <c>bias_ih</c> and <c>bias_hh</c> <c>[3H]</c>.
/// </remarks>
[CellName("gru")]
public sealed class GruCell : RecurrentCell
{
#pragma warning disable IDE1006 // PyTorch's parameter names, so weights copy one-to-one with nn.GRU.
    public Parameter weight_ih;
    public Parameter weight_hh;
    public Parameter? bias_ih;
    public Parameter? bias_hh;
#pragma warning restore IDE1006

    /// <summary>Creates a GRU cell.</summary>
    public GruCell(int inputSize, int hiddenSize, bool bias = true) : base(nameof(GruCell), inputSize, hiddenSize)
    {
        (weight_ih, weight_hh, bias_ih, bias_hh) = CellParameters.Create(inputSize, hiddenSize, gates: 3, bias);
        RegisterComponents();
    }

    /// <inheritdoc />
    /// <remarks>With gradients off (inference) the stepper computes the same equations in place.</remarks>
    public override CellStepper Prepare() => new Stepper(this, inPlace: !is_grad_enabled());

    private sealed class Stepper : CellStepper
    {
        private readonly GruCell? _cell;
        private readonly Tensor _weightHhT; // [H, 3H], or [members, H, 3H] for a group
        private readonly Tensor? _biasHh;   // [3H], or [members, 1, 3H]
        private readonly long _hidden;
        private readonly bool _inPlace;

        public Stepper(GruCell cell, bool inPlace)
            : this(cell.weight_hh.t(), cell.bias_hh, cell.HiddenSize, inPlace) => _cell = cell;

        private Stepper(Tensor weightHhT, Tensor? biasHh, long hidden, bool inPlace) =>
            (_weightHhT, _biasHh, _hidden, _inPlace) = (weightHhT, biasHh, hidden, inPlace);

        private Tensor? _groupWeightIhT, _groupBiasIh; // a group's input weights [members, I, 3H] and biases [members, 1, 3H]

        // W_i* x + b_i* for the three gates and every step in one product (a group: [members, ..., I], one batched
        // product). b_h* stays with the hidden product: r multiplies (W_hn h + b_hn), so b_hn cannot be folded into
        // the input side.
        public override Tensor ProjectInputs(Tensor input) =>
            _cell is not null ? nn.functional.linear(input, _cell.weight_ih, _cell.bias_ih)
            : RecurrentProduct.Project(input, _groupWeightIhT ?? throw new InvalidOperationException("The group's members have different input sizes: project with each member's stepper."), _groupBiasIh);

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            var h = state.H;
            var hidden = _biasHh is null ? RecurrentProduct.Of(h, _weightHhT) : RecurrentProduct.Add(_biasHh, h, _weightHhT); // W_h* h + b_h*
            var x = projectedInput.split(new[] { 2 * _hidden, _hidden }, -1);
            var hh = hidden.split(new[] { 2 * _hidden, _hidden }, -1);
            if (_inPlace)
            {
                // Inference: the same equations, written into the step's own projection (the loop hands each step over once).
                var gates = x[0].add_(hh[0]).sigmoid_().chunk(2, -1);           // r, z
                var candidate = SigmoidTanh.InPlace(x[1].addcmul_(gates[0], hh[1], 1)); // n
                var next = candidate.lerp_(h, gates[1]);                        // h' = n + z ⊙ (h − n)
                return new CellOutput(next, new RecurrentState(next));
            }
            var rz = (x[0] + hh[0]).sigmoid().chunk(2, -1);  // r, z = σ(W_i{r,z} x + b_i{r,z} + W_h{r,z} h + b_h{r,z})
            var n = x[1].addcmul(rz[0], hh[1], 1).tanh();     // n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
            var hNext = n.lerp(h, rz[1]);                     // h' = (1 − z) ⊙ n + z ⊙ h = n + z ⊙ (h − n)
            return new CellOutput(hNext, new RecurrentState(hNext));
        }

        protected override CellStepper? GroupOf(IReadOnlyList<CellStepper> members)
        {
            var steppers = members.Cast<Stepper>().ToArray();
            if (steppers.Any(m => m._cell is null)) return null;
            return new Stepper(RecurrentProduct.Stack(steppers.Select(m => m._weightHhT)),
                _biasHh is null ? null : RecurrentProduct.Stack(steppers.Select(m => m._biasHh!)), _hidden, _inPlace)
            {
                _groupWeightIhT = RecurrentProduct.StackInputWeights(steppers.Select(m => (Tensor)m._cell!.weight_ih)),
                _groupBiasIh = steppers[0]._cell!.bias_ih is null ? null : RecurrentProduct.Stack(steppers.Select(m => (Tensor)m._cell!.bias_ih!)),
            };
        }
    }
}
