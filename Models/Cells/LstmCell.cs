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
    public override bool HasCellState => true;

    /// <inheritdoc />
    public override CellStepper Prepare() => new Stepper(this);

    private sealed class Stepper(LstmCell cell) : CellStepper
    {
        private readonly Tensor _weightHhT = cell.weight_hh.t();
        private readonly Tensor? _bias = CellParameters.SumBiases(cell.bias_ih, cell.bias_hh);

        // W_i* x + b_i* + b_h* for all four gates and every step in one product.
        public override Tensor ProjectInputs(Tensor input) => nn.functional.linear(input, cell.weight_ih, _bias);

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            var gates = projectedInput.addmm(state.H, _weightHhT).chunk(4, 1); // + W_h* h
            var i = sigmoid(gates[0]);
            var f = sigmoid(gates[1]);
            var g = tanh(gates[2]);
            var o = sigmoid(gates[3]);
            var c = f * state.C! + i * g;
            var h = o * tanh(c);
            return new CellOutput(h, new RecurrentState(h, c));
        }
    }
}
