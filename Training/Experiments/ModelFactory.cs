using RnnZoo.Models;
using RnnZoo.Models.Cells;
using RnnZoo.Models.Tasks;
using static TorchSharp.torch;

namespace RnnZoo.Training.Experiments;

/// <summary>The model a <see cref="ModelSpec"/> describes.</summary>
public static class ModelFactory
{
    /// <summary>The model <paramref name="spec"/> describes, its weights drawn after <c>manual_seed(seed)</c>.</summary>
    /// <param name="spec">The model.</param>
    /// <param name="seed">Seeds the initial weights.</param>
    /// <param name="implementation">Overrides the recurrent implementation of a classifier or regressor (fused or reference).</param>
    public static SequenceModel Build(ModelSpec spec, int seed, RecurrentImplementation? implementation = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        manual_seed(seed);
        return WithImplementation(spec, implementation) switch
        {
            ClassifierModel c => new SequenceClassifier(c.Spec),
            RegressorModel r => new SequenceRegressor(r.Spec),
            CellModel m => new CellSequenceModel(CellCatalog.Create(m.Cell, new CellArguments(m.InputSize, m.HiddenSize, m.OutputSize))),
            _ => throw new ArgumentException($"Unknown model spec {spec.GetType().Name}."),
        };
    }

    /// <summary>The spec with its recurrent implementation replaced (classifiers and regressors; a cell model has one only).</summary>
    public static ModelSpec WithImplementation(ModelSpec spec, RecurrentImplementation? implementation) => (spec, implementation) switch
    {
        (_, null) => spec,
        (ClassifierModel c, { } i) => c with { Spec = c.Spec with { Recurrent = c.Spec.Recurrent with { Implementation = i } } },
        (RegressorModel r, { } i) => r with { Spec = r.Spec with { Recurrent = r.Spec.Recurrent with { Implementation = i } } },
        (CellModel, RecurrentImplementation.Reference) => spec,
        (CellModel m, _) => throw new ArgumentException($"implementation: the cell model '{m.Cell}' runs in the reference implementation only."),
        _ => throw new ArgumentException($"Unknown model spec {spec.GetType().Name}."),
    };

    /// <summary>Runs a model spec's own checks, turning their messages into the experiment file's words (<c>spec: ...</c>).</summary>
    internal static void Checked(Action validate)
    {
        try { validate(); }
        catch (ArgumentException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            throw new ArgumentException($"spec: {(cut > 0 ? message[..cut] : message)}", e);
        }
    }
}
