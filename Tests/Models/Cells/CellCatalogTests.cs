using RnnZoo.Models;
using RnnZoo.Models.Cells;
using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Models.Cells;

/// <summary>A cell of the tests' own, found by the catalog through its attribute alone: h' = tanh(W x) + h / 2.</summary>
[CellName("test_leaky_tanh")]
public sealed class LeakyTanhTestCell : RecurrentCell
{
    public TorchSharp.Modules.Parameter weight_ih;

    public LeakyTanhTestCell(int inputSize, int hiddenSize) : base(nameof(LeakyTanhTestCell), inputSize, hiddenSize)
    {
        weight_ih = new TorchSharp.Modules.Parameter(ones(hiddenSize, inputSize));
        RegisterComponents();
    }

    public override CellStepper Prepare() => new Stepper(this);

    private sealed class Stepper(LeakyTanhTestCell cell) : CellStepper
    {
        public override CellOutput Step(Tensor x, RecurrentState state)
        {
            var h = nn.functional.linear(x, cell.weight_ih).tanh() + state.H / 2;
            return new CellOutput(h, new RecurrentState(h));
        }
    }
}

[TestFixture]
public class CellCatalogTests
{
    [Test]
    public void KnowsTheZoosCellsAndOnesMarkedElsewhere()
    {
        Assert.That(CellCatalog.Names, Is.SupersetOf(new[] { "rnn", "lstm", "gru", "wuv", "concat_hidden", "peephole_lstm", "test_leaky_tanh" }));
        using var scope = NewDisposeScope();
        Assert.That(CellCatalog.Create("peephole_lstm", new CellArguments(3, 4)), Is.InstanceOf<PeepholeLstmCell>());
        var wuv = CellCatalog.Create("wuv", new CellArguments(10, 5, OutputSize: 1));
        Assert.That((wuv.InputSize, wuv.HiddenSize, wuv.OutputSize), Is.EqualTo((10, 5, 1)));
        var relu = (ElmanCell)CellCatalog.Create("rnn", new CellArguments(2, 3, Nonlinearity: Nonlinearity.Relu));
        Assert.That(relu.Nonlinearity, Is.EqualTo(Nonlinearity.Relu));
        Assert.That(CellCatalog.Create("lstm", new CellArguments(2, 3, Bias: false)).named_parameters().Select(p => p.name), Is.EqualTo(new[] { "weight_ih", "weight_hh" }));
    }

    [Test]
    public void UnknownOrUnfitArguments_AreRefusedNamingWhat()
    {
        Assert.That(() => CellCatalog.Get("nosuch"), Throws.ArgumentException.With.Message.Contains("Unknown cell 'nosuch'").And.Message.Contains("peephole_lstm"));
        Assert.That(() => CellCatalog.Create("wuv", new CellArguments(10, 5)), Throws.ArgumentException.With.Message.Contains("output size"));
        Assert.That(() => CellCatalog.Create("wuv", new CellArguments(10, 5, 1, Bias: false)), Throws.ArgumentException.With.Message.Contains("biases"));
        Assert.That(() => CellCatalog.Create("gru", new CellArguments(10, 5, Nonlinearity: Nonlinearity.Relu)), Throws.ArgumentException.With.Message.Contains("nonlinearity"));
    }

    [Test]
    public void Register_AddsAFactoryByName()
    {
        CellCatalog.Register("test_registered_gru", a => new GruCell(a.InputSize, a.HiddenSize, a.Bias));
        using var scope = NewDisposeScope();
        Assert.That(CellCatalog.Create("test_registered_gru", new CellArguments(2, 3)), Is.InstanceOf<GruCell>());
        Assert.That(CellCatalog.Names, Does.Contain("test_registered_gru"));
    }
}
