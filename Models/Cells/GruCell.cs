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
    public override CellStepper Prepare() => new Stepper(this);

    private sealed class Stepper(GruCell cell) : CellStepper
    {
        private readonly Tensor _weightHhT = cell.weight_hh.t();

        // W_i* x + b_i* for the three gates and every step in one product. b_h* stays with the hidden
        // product: r multiplies (W_hn h + b_hn), so b_hn cannot be folded into the input side.
        public override Tensor ProjectInputs(Tensor input) => nn.functional.linear(input, cell.weight_ih, cell.bias_ih);

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            var hidden = cell.bias_hh is null ? state.H.mm(_weightHhT) : cell.bias_hh.addmm(state.H, _weightHhT);
            var x = projectedInput.chunk(3, 1);
            var hh = hidden.chunk(3, 1);
            var r = sigmoid(x[0] + hh[0]);
            var z = sigmoid(x[1] + hh[1]);
            var n = tanh(x[2] + r * hh[2]);
            var h = n + z * (state.H - n); // = (1 − z) ⊙ n + z ⊙ h, one operation fewer
            return new CellOutput(h, new RecurrentState(h));
        }
    }
}
