using RnnZoo.Models;
using RnnZoo.Models.Cells;
using RnnZoo.Models.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Cells;

/// <summary>
/// Seed 002's NumPy RNN, corrected with a recurrent matrix of its own, is seed 003's W, U, V cell (W1 = W, W_hh = U,
/// W2 = V, b1 = b, b2 = c): <see cref="WuvCell"/>'s forward pass against a plain-array transcription of the seed's
/// NumPy code, and against RnnZoo's Elman cell with the same weights.
/// </summary>
[TestFixture]
public class NumpyRnnTranscriptionTests
{
    // The seed's forward, step by step, in doubles:
    //   h = np.tanh(np.dot(X, W1) + np.dot(h_prev, W_hh) + b1);  output = np.dot(h, W2) + b2
    private static (double[,,] Outputs, double[,] LastH) NumpyForward(float[,,] x, float[,] w1, float[,] whh, float[,] w2, float[] b1, float[] b2)
    {
        int batch = x.GetLength(0), time = x.GetLength(1), input = x.GetLength(2), hidden = w1.GetLength(1), output = w2.GetLength(1);
        var outputs = new double[batch, time, output];
        var h = new double[batch, hidden];
        for (var t = 0; t < time; t++)
        {
            var next = new double[batch, hidden];
            for (var n = 0; n < batch; n++)
            for (var j = 0; j < hidden; j++)
            {
                double sum = b1[j];
                for (var i = 0; i < input; i++) sum += x[n, t, i] * (double)w1[i, j];
                for (var k = 0; k < hidden; k++) sum += h[n, k] * whh[k, j];
                next[n, j] = Math.Tanh(sum);
            }
            h = next;
            for (var n = 0; n < batch; n++)
            for (var o = 0; o < output; o++)
            {
                double sum = b2[o];
                for (var k = 0; k < hidden; k++) sum += h[n, k] * w2[k, o];
                outputs[n, t, o] = sum;
            }
        }
        return (outputs, h);
    }

    private static float[,] Matrix(Tensor t)
    {
        var (rows, cols) = ((int)t.shape[0], (int)t.shape[1]);
        var data = t.detach().contiguous().data<float>().ToArray();
        var m = new float[rows, cols];
        for (var r = 0; r < rows; r++) for (var c = 0; c < cols; c++) m[r, c] = data[r * cols + c];
        return m;
    }

    [Test]
    public void ForwardPass_MatchesNumpyTranscription()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var cell = new WuvCell(4, 6, 3);
        using (no_grad())
        {
            // Non-zero biases, and weights scaled so that tanh is not saturated everywhere.
            cell.b.copy_(randn(6));
            cell.c.copy_(randn(3));
            cell.U.mul_(0.3);
        }
        var input = randn(2, 7, 4);
        var model = new CellSequenceModel(cell);
        var outputs = model.forward(input, null);

        var x = new float[2, 7, 4];
        var flat = input.data<float>().ToArray();
        for (var n = 0; n < 2; n++) for (var t = 0; t < 7; t++) for (var i = 0; i < 4; i++) x[n, t, i] = flat[(n * 7 + t) * 4 + i];
        var (expected, _) = NumpyForward(x, Matrix(cell.W), Matrix(cell.U), Matrix(cell.V),
            cell.b.data<float>().ToArray(), cell.c.data<float>().ToArray());

        Assert.That(outputs.shape, Is.EqualTo(new long[] { 2, 7, 3 }));
        var actual = outputs.data<float>().ToArray();
        for (var n = 0; n < 2; n++) for (var t = 0; t < 7; t++) for (var o = 0; o < 3; o++)
            Assert.That(actual[(n * 7 + t) * 3 + o], Is.EqualTo(expected[n, t, o]).Within(1e-4), $"output [{n}, {t}, {o}]");
    }

    [Test]
    public void HiddenStates_EqualElmanCellWithTransposedWeights()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var numpy = new WuvCell(5, 8, 2);
        var elman = new ElmanCell(5, 8);
        using (no_grad())
        {
            numpy.b.copy_(randn(8));
            elman.weight_ih.copy_(numpy.W.t());
            elman.weight_hh.copy_(numpy.U.t());
            elman.bias_ih!.copy_(numpy.b);
            elman.bias_hh!.zero_();
        }
        var x = randn(3, 5);
        var h0 = randn(3, 8);
        var (y, state) = numpy.forward(x, new RecurrentState(h0));
        var (_, elmanState) = elman.forward(x, new RecurrentState(h0));
        Assert.That(state.H.allclose(elmanState.H, rtol: 1e-5, atol: 1e-5), Is.True);
        // The output is the hidden state through W2 (no recurrence through it, unlike the seed's bug).
        Assert.That(y.allclose(state.H.matmul(numpy.V) + numpy.c, rtol: 1e-5, atol: 1e-5), Is.True);
    }

    [Test]
    public void Parameters_HaveTheNumpyClassShapesAndInitialisation()
    {
        using var scope = NewDisposeScope();
        var cell = new WuvCell(10, 16, 1);
        var shapes = cell.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.That(shapes["W"], Is.EqualTo(new long[] { 10, 16 }));
        Assert.That(shapes["U"], Is.EqualTo(new long[] { 16, 16 }));
        Assert.That(shapes["V"], Is.EqualTo(new long[] { 16, 1 }));
        Assert.That(cell.b.abs().sum().item<float>(), Is.Zero);
        // np.random.randn: standard normal (256 draws: the standard deviation is within 0.8-1.2).
        var std = cell.U.std().item<float>();
        Assert.That(std, Is.InRange(0.8f, 1.2f));
        Assert.That(() => new WuvCell(10, 16, 0), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("outputSize"));
    }
}
