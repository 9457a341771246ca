using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;


namespace RnnZoo.Models.Cells;

/// <summary>
/// Elman RNN cell (PyTorch's <c>nn.RNNCell</c>):
/// <c>h' = act(W_ih x + b_ih + W_hh h + b_hh)</c>, act = tanh or ReLU. The output is <c>h'</c>.
/// </summary>
/// <remarks>
/// Parameters: <c>weight_ih</c> <c>[H, I]</c>, <c>weight_hh</c> <c>[H, H]</c>, <c>bias_ih</c> and <c>bias_hh</c> <c>[H]</c>,
/// initialised U(-1/sqrt(H), 1/sqrt(H)) as in PyTorch.
/// </remarks>
[CellName("rnn")]
public sealed class ElmanCell : RecurrentCell
{
#pragma warning disable IDE1006 // PyTorch's parameter names, so weights copy one-to-one with nn.RNN.
    public Parameter weight_ih;
    public Parameter weight_hh;
    public Parameter? bias_ih;
    public Parameter? bias_hh;
#pragma warning restore IDE1006

    /// <summary>Creates an Elman cell.</summary>
    public ElmanCell(int inputSize, int hiddenSize, Nonlinearity nonlinearity = Nonlinearity.Tanh, bool bias = true)
        : base(nameof(ElmanCell), inputSize, hiddenSize)
    {
        Nonlinearity = nonlinearity;
        (weight_ih, weight_hh, bias_ih, bias_hh) = CellParameters.Create(inputSize, hiddenSize, gates: 1, bias);
        RegisterComponents();
    }

    /// <summary>The activation applied to the pre-activation.</summary>
    public Nonlinearity Nonlinearity { get; }

    /// <inheritdoc />
    /// <remarks>With gradients off (inference) the stepper computes the same equation in place.</remarks>
    public override CellStepper Prepare() => new Stepper(this, inPlace: !is_grad_enabled());

    private sealed class Stepper : CellStepper
    {
        private readonly ElmanCell? _cell;
        private readonly Tensor _weightHhT; // [H, H], or [members, H, H] for a group
        private readonly Tensor? _bias;
        private readonly Nonlinearity _nonlinearity;
        private readonly bool _inPlace;

        public Stepper(ElmanCell cell, bool inPlace)
            : this(cell.weight_hh.t(), cell.Nonlinearity, inPlace)
        {
            _cell = cell;
            _bias = CellParameters.SumBiases(cell.bias_ih, cell.bias_hh);
        }

        private Stepper(Tensor weightHhT, Nonlinearity nonlinearity, bool inPlace) =>
            (_weightHhT, _nonlinearity, _inPlace) = (weightHhT, nonlinearity, inPlace);

        private Tensor? _groupWeightIhT, _groupBias; // a group's input weights [members, I, H] and biases [members, 1, H]

        // W_ih x + b_ih + b_hh for every step at once (a group: [members, ..., I], one batched product).
        public override Tensor ProjectInputs(Tensor input) =>
            _cell is not null ? nn.functional.linear(input, _cell.weight_ih, _bias)
            : RecurrentProduct.Project(input, _groupWeightIhT ?? throw new InvalidOperationException("The group's members have different input sizes: project with each member's stepper."), _groupBias);

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            Tensor h;
            if (_inPlace)
            {
                // Inference: the same equation, written into the step's own projection (the loop hands each step over once).
                var pre = RecurrentProduct.AddInPlace(projectedInput, state.H, _weightHhT);
                h = _nonlinearity == Nonlinearity.Tanh ? SigmoidTanh.InPlace(pre) : pre.relu_();
            }
            else
            {
                var preActivation = RecurrentProduct.Add(projectedInput, state.H, _weightHhT); // + W_hh h
                h = _nonlinearity == Nonlinearity.Tanh ? tanh(preActivation) : nn.functional.relu(preActivation);
            }
            return new CellOutput(h, new RecurrentState(h));
        }

        protected override CellStepper? GroupOf(IReadOnlyList<CellStepper> members)
        {
            var steppers = members.Cast<Stepper>().ToArray();
            // One activation for the whole group: members of another nonlinearity step on their own.
            if (steppers.Any(m => m._nonlinearity != _nonlinearity || m._cell is null)) return null;
            return new Stepper(RecurrentProduct.Stack(steppers.Select(m => m._weightHhT)), _nonlinearity, _inPlace)
            {
                _groupWeightIhT = RecurrentProduct.StackInputWeights(steppers.Select(m => (Tensor)m._cell!.weight_ih)),
                _groupBias = _bias is null ? null : RecurrentProduct.Stack(steppers.Select(m => m._bias!)),
            };
        }
    }
}
