using RnnZoo.Data.Batching;
using RnnZoo.Data.Generators;
using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Tests.Training;

/// <summary>Small tasks and models for the harness's tests.</summary>
public static class TrainingFixtures
{
    /// <summary>Seed 000's kind of task: the label is the feature with the largest sum over the sequence.</summary>
    public static (TensorBatchLoader Train, TensorBatchLoader Validation) SumTask(int seed = 1, int count = 384)
    {
        var train = SumClassification.Generate(count, 8, 3, seed);
        var validation = SumClassification.Generate(128, 8, 3, seed + 1000);
        return (new TensorBatchLoader(train.Inputs.DetachFromDisposeScope(), train.Targets.DetachFromDisposeScope(), null, new BatchLoaderOptions(32, Seed: seed)),
                new TensorBatchLoader(validation.Inputs.DetachFromDisposeScope(), validation.Targets.DetachFromDisposeScope(), null, new BatchLoaderOptions(64, Shuffle: false)));
    }

    /// <summary>A GRU classifier over 3 features (seeded).</summary>
    public static SequenceClassifier SumClassifier(int seed = 1)
    {
        manual_seed(seed);
        return new SequenceClassifier(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Gru, 3, 16), Classes: 3));
    }

    /// <summary>All parameter values of a model, for bitwise comparisons.</summary>
    public static float[] Weights(nn.Module model) =>
        model.parameters().SelectMany(p => p.detach().cpu().data<float>().ToArray()).ToArray();
}

/// <summary>A model with one scalar parameter w whose output is w for every sample: its losses are known in closed form.</summary>
public sealed class ScalarModel : SequenceModel
{
#pragma warning disable IDE1006
    public Parameter w;
#pragma warning restore IDE1006

    public ScalarModel(float initial) : base(nameof(ScalarModel))
    {
        w = new Parameter(tensor(new[] { initial }));
        RegisterComponents();
    }

    public override Tensor forward(Tensor inputs, Tensor? lengths) => w.expand(inputs.shape[0], 1);
}

/// <summary>A batch source of constant targets; optionally NaN targets from a given epoch on.</summary>
public sealed class ConstantSource(float target, int samples = 4, int? nanFromEpoch = null) : IBatchSource
{
    public long SampleCount => samples;
    public int BatchCount => 1;

    public IEnumerable<Batch> GetBatches(int epoch)
    {
        var value = nanFromEpoch is { } e && epoch >= e ? float.NaN : target;
        yield return new Batch(zeros(samples, 1, 1), full(samples, 1, value));
    }
}
