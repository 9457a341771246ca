using RnnZoo.Models;
using RnnZoo.Models.Cells;
using RnnZoo.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Cells;

[TestFixture]
public class PeepholeLstmCellTests
{
    private static void Set(Tensor parameter, params float[] values)
    {
        using var noGrad = no_grad();
        parameter.copy_(tensor(values).view(parameter.shape));
    }

    [Test]
    public void OneStep_MatchesHandWorkedValues()
    {
        // Gates (i, f, g, o): W_ih = [1, 0.5, -1, 2], W_hh = [0.5, -0.5, 1, 0], biases 0; peepholes p_i = 0.5,
        // p_f = -1, p_o = 0.25; x = 1, h = 0.5, c = 2.
        // i  = σ(1 + 0.25 + 0.5·2)   = σ(2.25)  = 0.9046505351008906
        // f  = σ(0.5 − 0.25 − 1·2)   = σ(−1.75) = 0.14804719803168948
        // g  = tanh(−1 + 0.5)        = −0.46211715726000974
        // c' = f·2 + i·g             = −0.12196013753119123
        // o  = σ(2 + 0 + 0.25·c')    = 0.8775584689184014   (the output gate sees the new c')
        // h' = o·tanh(c')            = −0.10649963944941758
        using var scope = NewDisposeScope();
        var cell = new PeepholeLstmCell(1, 1);
        Set(cell.weight_ih, 1f, 0.5f, -1f, 2f); Set(cell.weight_hh, 0.5f, -0.5f, 1f, 0f);
        Set(cell.bias_ih!, 0, 0, 0, 0); Set(cell.bias_hh!, 0, 0, 0, 0);
        Set(cell.weight_ci, 0.5f); Set(cell.weight_cf, -1f); Set(cell.weight_co, 0.25f);
        var state = new RecurrentState(tensor(new[] { 0.5f }).view(1, 1), tensor(new[] { 2f }).view(1, 1));
        var (y, next) = cell.forward(tensor(new[] { 1f }).view(1, 1), state);
        Assert.That(next.C!.item<float>(), Is.EqualTo(-0.12196013753119123).Within(1e-6));
        Assert.That(next.H.item<float>(), Is.EqualTo(-0.10649963944941758).Within(1e-6));
        Assert.That(y.item<float>(), Is.EqualTo(next.H.item<float>()));
    }

    [Test]
    public void ZeroPeepholes_AreTheLstmCell()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var peephole = new PeepholeLstmCell(3, 4);
        var lstm = new LstmCell(3, 4);
        using (no_grad())
        {
            foreach (var (name, p) in lstm.named_parameters()) p.copy_(peephole.get_parameter(name)!);
            peephole.weight_ci.zero_(); peephole.weight_cf.zero_(); peephole.weight_co.zero_();
        }
        var x = randn(2, 3);
        var state = new RecurrentState(randn(2, 4), randn(2, 4));
        var (yp, sp) = peephole.forward(x, state);
        var (yl, sl) = lstm.forward(x, state);
        TensorAssert.Close(yp, yl, 1e-6, "outputs");
        TensorAssert.Close(sp.C!, sl.C!, 1e-6, "cell state");
    }

    [Test]
    public void Parameters_LstmLayoutPlusThreePeepholes()
    {
        using var scope = NewDisposeScope();
        var cell = new PeepholeLstmCell(3, 5);
        Assert.That(cell.named_parameters().Select(p => p.name),
            Is.EqualTo(new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_ci", "weight_cf", "weight_co" }));
        Assert.That(cell.weight_ih.shape, Is.EqualTo(new long[] { 20, 3 }));
        Assert.That(cell.weight_co.shape, Is.EqualTo(new long[] { 5 }));
        Assert.That(cell.StateSizes, Is.EqualTo(new[] { 5, 5 }));
    }
}
