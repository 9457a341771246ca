using RnnZoo.Models;
using RnnZoo.Models.Cells;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Cells;

/// <summary>Each cell against one step worked by hand (input 1, hidden 1; arithmetic in the comments).</summary>
[TestFixture]
public class CellTests
{
    private const double Tolerance = 1e-6;

    private static void Set(Tensor parameter, params float[] values)
    {
        using var noGrad = no_grad();
        parameter.copy_(tensor(values).view(parameter.shape));
    }

    private static float Scalar(Tensor t) => t.item<float>();

    [Test]
    public void ElmanCell_OneStep_MatchesHandWorkedValues()
    {
        // W_ih = [[0.5]], W_hh = [[-1]], b = 0, x = 2, h = 0.25:
        // h' = tanh(0.5*2 - 1*0.25) = tanh(0.75) = 0.6351489523872873
        using var scope = NewDisposeScope();
        var cell = new ElmanCell(1, 1);
        Set(cell.weight_ih, 0.5f); Set(cell.weight_hh, -1f); Set(cell.bias_ih!, 0f); Set(cell.bias_hh!, 0f);
        var (y, state) = cell.forward(tensor(new[] { 2f }).view(1, 1), new RecurrentState(tensor(new[] { 0.25f }).view(1, 1)));
        Assert.That(Scalar(state.H), Is.EqualTo(0.6351489523872873).Within(Tolerance));
        Assert.That(Scalar(y), Is.EqualTo(Scalar(state.H)));

        // ReLU: max(0, 0.75) = 0.75
        var relu = new ElmanCell(1, 1, Nonlinearity.Relu);
        Set(relu.weight_ih, 0.5f); Set(relu.weight_hh, -1f); Set(relu.bias_ih!, 0f); Set(relu.bias_hh!, 0f);
        Assert.That(Scalar(relu.forward(tensor(new[] { 2f }).view(1, 1), new RecurrentState(tensor(new[] { 0.25f }).view(1, 1))).State.H), Is.EqualTo(0.75).Within(Tolerance));
    }

    [Test]
    public void LstmCell_OneStep_MatchesHandWorkedValues()
    {
        // Gates (i, f, g, o): W_ih = [1, 0.5, -1, 2], W_hh = [0.5, -0.5, 1, 0], biases 0; x = 1, h = 0.5, c = 2.
        // i = σ(1 + 0.25) = σ(1.25) = 0.777300;  f = σ(0.5 − 0.25) = σ(0.25) = 0.562177
        // g = tanh(−1 + 0.5) = −0.462117;        o = σ(2 + 0) = 0.880797
        // c' = f·c + i·g = 1.124353 − 0.359204 = 0.7651493995869476
        // h' = o·tanh(c') = 0.880797 · 0.644097 = 0.5673214470606422
        using var scope = NewDisposeScope();
        var cell = new LstmCell(1, 1);
        Set(cell.weight_ih, 1f, 0.5f, -1f, 2f); Set(cell.weight_hh, 0.5f, -0.5f, 1f, 0f);
        Set(cell.bias_ih!, 0, 0, 0, 0); Set(cell.bias_hh!, 0, 0, 0, 0);
        var state = new RecurrentState(tensor(new[] { 0.5f }).view(1, 1), tensor(new[] { 2f }).view(1, 1));
        var (y, next) = cell.forward(tensor(new[] { 1f }).view(1, 1), state);
        Assert.That(Scalar(next.C!), Is.EqualTo(0.7651493995869476).Within(Tolerance));
        Assert.That(Scalar(next.H), Is.EqualTo(0.5673214470606422).Within(Tolerance));
        Assert.That(Scalar(y), Is.EqualTo(Scalar(next.H)));
    }

    [Test]
    public void GruCell_OneStep_MatchesHandWorkedValues()
    {
        // Gates (r, z, n): W_ih = [1, −1, 2], W_hh = [0.5, 0.5, −1], b_ih = 0, b_hh = [0, 0, 1]; x = 1, h = 0.5.
        // r = σ(1 + 0.25) = 0.777300;  z = σ(−1 + 0.25) = σ(−0.75) = 0.320821
        // n = tanh(2 + r·(−1·0.5 + 1)) = tanh(2 + 0.777300·0.5) = tanh(2.388650) = 0.983303
        // h' = (1 − z)·n + z·h = 0.679179·0.983303 + 0.320821·0.5 = 0.8282492153938783
        using var scope = NewDisposeScope();
        var cell = new GruCell(1, 1);
        Set(cell.weight_ih, 1f, -1f, 2f); Set(cell.weight_hh, 0.5f, 0.5f, -1f);
        Set(cell.bias_ih!, 0, 0, 0); Set(cell.bias_hh!, 0, 0, 1);
        var (y, next) = cell.forward(tensor(new[] { 1f }).view(1, 1), new RecurrentState(tensor(new[] { 0.5f }).view(1, 1)));
        Assert.That(Scalar(next.H), Is.EqualTo(0.8282492153938783).Within(Tolerance));
        Assert.That(Scalar(y), Is.EqualTo(Scalar(next.H)));
    }

    [Test]
    public void ConcatHiddenCell_OneStep_MatchesHandWorkedValues()
    {
        // Seed 004: combined = [x; h] = [1, 0.5]; i2h: w = [1, −2], b = 0.5; i2o: w = [3, 1], b = −1.
        // h' = tanh(1 − 1 + 0.5) = tanh(0.5) = 0.46211715726000974
        // y  = 3 + 0.5 − 1 = 2.5 (from the previous hidden state)
        using var scope = NewDisposeScope();
        var cell = new ConcatHiddenCell(1, 1, 1);
        Set(cell.i2h.weight!, 1f, -2f); Set(cell.i2h.bias!, 0.5f);
        Set(cell.i2o.weight!, 3f, 1f); Set(cell.i2o.bias!, -1f);
        var (y, next) = cell.forward(tensor(new[] { 1f }).view(1, 1), new RecurrentState(tensor(new[] { 0.5f }).view(1, 1)));
        Assert.That(Scalar(next.H), Is.EqualTo(0.46211715726000974).Within(Tolerance));
        Assert.That(Scalar(y), Is.EqualTo(2.5).Within(Tolerance));
        Assert.That(cell.named_parameters().Select(p => p.name), Is.EquivalentTo(new[] { "i2h.weight", "i2h.bias", "i2o.weight", "i2o.bias" }));
    }

    [Test]
    public void WuvCell_OneStep_MatchesHandWorkedValues()
    {
        // Seed 003: W = [[2]], U = [[0.5]], V = [[3]], b = 0.1, c = −1; x = 1, h = 0.4.
        // h' = tanh(1·2 + 0.4·0.5 + 0.1) = tanh(2.3) = 0.9800963962661914
        // y  = 3·h' − 1 = 1.940289188798574
        using var scope = NewDisposeScope();
        var cell = new WuvCell(1, 1, 1);
        Set(cell.W, 2f); Set(cell.U, 0.5f); Set(cell.V, 3f); Set(cell.b, 0.1f); Set(cell.c, -1f);
        var (y, next) = cell.forward(tensor(new[] { 1f }).view(1, 1), new RecurrentState(tensor(new[] { 0.4f }).view(1, 1)));
        Assert.That(Scalar(next.H), Is.EqualTo(0.9800963962661914).Within(Tolerance));
        Assert.That(Scalar(y), Is.EqualTo(1.940289188798574).Within(Tolerance));
    }

    [Test]
    public void Cells_HavePyTorchParameterNamesAndShapes()
    {
        using var scope = NewDisposeScope();
        var lstm = new LstmCell(3, 5);
        var shapes = lstm.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.That(shapes["weight_ih"], Is.EqualTo(new long[] { 20, 3 }));
        Assert.That(shapes["weight_hh"], Is.EqualTo(new long[] { 20, 5 }));
        Assert.That(shapes["bias_ih"], Is.EqualTo(new long[] { 20 }));
        Assert.That(new GruCell(3, 5).weight_hh.shape, Is.EqualTo(new long[] { 15, 5 }));
        // PyTorch's default init: U(−1/sqrt(H), 1/sqrt(H)).
        Assert.That(lstm.weight_hh.abs().max().item<float>(), Is.LessThanOrEqualTo(1 / Math.Sqrt(5)));
    }

    [Test]
    public void Cell_BadArguments_ThrowNamingTheArgument()
    {
        Assert.That(() => new LstmCell(0, 5), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("inputSize"));
        Assert.That(() => new GruCell(3, -1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("hiddenSize"));
        using var scope = NewDisposeScope();
        var cell = new LstmCell(3, 5);
        Assert.That(() => cell.forward(zeros(2, 4), cell.ZeroState(2, zeros(1))),
            Throws.ArgumentException.With.Message.Contains("x: expected shape [*, 3], got [2, 4]"));
        Assert.That(() => cell.forward(zeros(2, 3), new RecurrentState(zeros(2, 5))),
            Throws.ArgumentException.With.Message.Contains("cell state"));
    }
}
