using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// Seed 003's hand-written RNN with matrices W, U, V (row-vector convention, as in its TensorFlow code):
/// <code>
/// h_t = tanh(x_t W + h_{t-1} U + b)
/// y_t = h_t V + c                  (g = identity: a regression output)
/// </code>
/// </summary>
/// <remarks>
/// Parameters: <c>W</c> <c>[I, H]</c>, <c>U</c> <c>[H, H]</c>, <c>V</c> <c>[H, O]</c> drawn from N(0, 1) like the seed's
/// <c>tf.random_normal</c>; <c>b</c> <c>[H]</c> and <c>c</c> <c>[O]</c> zeros.
/// </remarks>
[CellName("wuv")]
public sealed class WuvCell : RecurrentCell
{
    public Parameter W;
    public Parameter U;
    public Parameter V;
#pragma warning disable IDE1006 // the seed's names
    public Parameter b;
    public Parameter c;
#pragma warning restore IDE1006

    /// <summary>Creates the cell (seed 003: 10 inputs, 5 hidden, 1 output).</summary>
    public WuvCell(int inputSize, int hiddenSize, int outputSize) : base(nameof(WuvCell), inputSize, hiddenSize)
    {
        Guard.Positive(outputSize, nameof(outputSize));
        _outputSize = outputSize;
        W = new Parameter(randn(inputSize, hiddenSize));
        U = new Parameter(randn(hiddenSize, hiddenSize));
        V = new Parameter(randn(hiddenSize, outputSize));
        b = new Parameter(zeros(hiddenSize));
        c = new Parameter(zeros(outputSize));
        RegisterComponents();
    }

    private readonly int _outputSize;

    /// <inheritdoc />
    public override int OutputSize => _outputSize;

    /// <inheritdoc />
    public override CellStepper Prepare() => new Stepper(this);

    private sealed class Stepper(WuvCell cell) : CellStepper
    {
        // x_t W + b for every step at once.
        public override Tensor ProjectInputs(Tensor input) => input.matmul(cell.W) + cell.b;

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            var h = tanh(projectedInput.addmm(state.H, cell.U));
            var y = cell.c.addmm(h, cell.V);
            return new CellOutput(y, new RecurrentState(h));
        }
    }
}
