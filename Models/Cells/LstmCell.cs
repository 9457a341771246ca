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
    public override CellStepper Prepare() => new Stepper(this);

    private sealed class Stepper : CellStepper
    {
        private readonly Tensor _weightIh, _weightHhT;
        private readonly Tensor? _bias;
        private readonly long _hidden;

        public Stepper(LstmCell cell)
        {
            // Rows regrouped once per sequence from PyTorch's (i, f, g, o) to (i, f, o, g), so that one sigmoid
            // covers the three gates and one tanh the candidate: fewer operations in every step.
            _hidden = cell.HiddenSize;
            var order = GateOrder(cell.HiddenSize);
            _weightIh = cell.weight_ih.index_select(0, order);
            _weightHhT = cell.weight_hh.index_select(0, order).t();
            _bias = CellParameters.SumBiases(cell.bias_ih, cell.bias_hh)?.index_select(0, order);
        }

        private static Tensor GateOrder(long h) =>
            cat(new[] { arange(0, 2 * h, dtype: ScalarType.Int64), arange(3 * h, 4 * h, dtype: ScalarType.Int64), arange(2 * h, 3 * h, dtype: ScalarType.Int64) });

        // W_i* x + b_i* + b_h* for all four gates and every step in one product.
        public override Tensor ProjectInputs(Tensor input) => nn.functional.linear(input, _weightIh, _bias);

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            var gates = projectedInput.addmm(state.H, _weightHhT);           // + W_h* h
            var ifo = gates.narrow(1, 0, 3 * _hidden).sigmoid().chunk(3, 1); // i, f, o = σ(·)
            var g = gates.narrow(1, 3 * _hidden, _hidden).tanh();            // g = tanh(·)
            var c = (ifo[1] * state.C!).addcmul_(ifo[0], g, 1);              // c' = f ⊙ c + i ⊙ g
            var h = ifo[2] * c.tanh();                                       // h' = o ⊙ tanh(c')
            return new CellOutput(h, new RecurrentState(h, c));
        }
    }
}
