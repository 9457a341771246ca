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
    public override CellStepper Prepare() => new Stepper(this);

    private sealed class Stepper(ElmanCell cell) : CellStepper
    {
        private readonly Tensor _weightHhT = cell.weight_hh.t();
        private readonly Tensor? _bias = CellParameters.SumBiases(cell.bias_ih, cell.bias_hh);

        // W_ih x + b_ih + b_hh for every step at once.
        public override Tensor ProjectInputs(Tensor input) => nn.functional.linear(input, cell.weight_ih, _bias);

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            var preActivation = projectedInput.addmm(state.H, _weightHhT); // + W_hh h
            var h = cell.Nonlinearity == Nonlinearity.Tanh ? tanh(preActivation) : nn.functional.relu(preActivation);
            return new CellOutput(h, new RecurrentState(h));
        }
    }
}
