namespace RnnZoo.Training.Plots;

/// <summary>The harness's standard plots.</summary>
public static class TrainingPlots
{
    /// <summary>Training and validation loss over the epochs.</summary>
    public static void LearningCurves(string path, IReadOnlyList<EpochRecord> history, string title = "Learning curves")
    {
        var epochs = history.Select(r => (double)r.Epoch).ToList();
        var series = new List<Series> { new("loss", epochs, history.Select(r => r.Loss).ToList()) };
        if (history.Any(r => r.ValidationLoss is not null))
            series.Add(new Series("val_loss", epochs, history.Select(r => r.ValidationLoss ?? double.NaN).ToList()));
        LineChart.Write(path, title, "epoch", "loss", series);
    }

    /// <summary>A forecast against what happened, in the series' units.</summary>
    public static void ActualVersusPredicted(string path, IReadOnlyList<double> actual, IReadOnlyList<double> predicted, string title = "Actual vs predicted", string yLabel = "value",
        IReadOnlyDictionary<string, IReadOnlyList<double>>? baselines = null)
    {
        var x = Enumerable.Range(0, actual.Count).Select(i => (double)i).ToList();
        var series = new List<Series> { new("actual", x, actual), new("predicted", x, predicted) };
        if (baselines is not null) series.AddRange(baselines.Select(b => new Series(b.Key, x, b.Value)));
        LineChart.Write(path, title, "step", yLabel, series);
    }

    /// <summary>||dL/dh_t|| over t for one or more models (log scale): vanishing or exploding gradients at a glance.</summary>
    public static void GradientNorms(string path, IReadOnlyDictionary<string, double[]> normsByModel, string title = "Gradient of the loss w.r.t. each hidden state")
    {
        var series = normsByModel.Select(p => new Series(p.Key, Enumerable.Range(0, p.Value.Length).Select(t => (double)t).ToList(), p.Value)).ToList();
        LineChart.Write(path, title, "time step t", "||dL/dh_t||", series, logY: true);
    }
}
