using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>
/// Seed 002's NumPy <c>RNN</c> class, corrected (row-vector convention, as in its <c>np.dot(X, W1)</c>):
/// <code>
/// h_t = tanh(x_t W1 + h_{t-1} W_hh + b1)
/// y_t = h_t W2 + b2
/// </code>
/// </summary>
/// <remarks>
/// The seed uses its output matrix <c>W2</c> <c>[H, O]</c> twice: as the recurrent matrix in <c>np.dot(h_prev, W2)</c>,
/// which only has the right shape when <c>H == O</c>, and transposed as the output matrix (<c>np.dot(h, W2.T)</c>,
/// whose shape is wrong for the same reason). The equations it states next to the code,
/// <c>h_t = tanh(W1 X_t + W2 h_{t-1} + b1)</c> and <c>y_t = W2ᵀ h_t + b2</c>, show the intent: a recurrent matrix of
/// its own. Here that is <c>W_hh</c> <c>[H, H]</c>, and <c>W2</c> <c>[H, O]</c> is only the output matrix.
/// Parameters: <c>W1</c> <c>[I, H]</c>, <c>W_hh</c> <c>[H, H]</c>, <c>W2</c> <c>[H, O]</c> from N(0, 1) like the seed's
/// <c>np.random.randn</c>; <c>b1</c> <c>[H]</c> and <c>b2</c> <c>[O]</c> zeros (the seed's column vectors, flattened).
/// With <c>W_ih = W1ᵀ</c> and <c>W_hh(Elman) = W_hhᵀ</c> it is an <see cref="ElmanCell"/> plus a linear output.
/// </remarks>
public sealed class NumpyRnnCell : RecurrentCell
{
    public Parameter W1;
    public Parameter W_hh;
    public Parameter W2;
#pragma warning disable IDE1006 // the seed's names
    public Parameter b1;
    public Parameter b2;
#pragma warning restore IDE1006

    /// <summary>Creates the cell with the seed's initialisation.</summary>
    public NumpyRnnCell(int inputSize, int hiddenSize, int outputSize) : base(nameof(NumpyRnnCell), inputSize, hiddenSize)
    {
        Guard.Positive(outputSize, nameof(outputSize));
        _outputSize = outputSize;
        W1 = new Parameter(randn(inputSize, hiddenSize));
        W_hh = new Parameter(randn(hiddenSize, hiddenSize));
        W2 = new Parameter(randn(hiddenSize, outputSize));
        b1 = new Parameter(zeros(hiddenSize));
        b2 = new Parameter(zeros(outputSize));
        RegisterComponents();
    }

    private readonly int _outputSize;

    /// <inheritdoc />
    public override int OutputSize => _outputSize;

    /// <inheritdoc />
    public override CellStepper Prepare() => new Stepper(this);

    private sealed class Stepper(NumpyRnnCell cell) : CellStepper
    {
        // x_t W1 + b1 for every step in one product.
        public override Tensor ProjectInputs(Tensor input) => input.matmul(cell.W1) + cell.b1;

        public override CellOutput Step(Tensor projectedInput, RecurrentState state)
        {
            var h = tanh(projectedInput.addmm(state.H, cell.W_hh)); // h_t = tanh(x_t W1 + h_{t-1} W_hh + b1)
            var y = cell.b2.addmm(h, cell.W2);                      // y_t = h_t W2 + b2
            return new CellOutput(y, new RecurrentState(h));
        }
    }
}
