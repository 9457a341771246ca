using RnnZoo.Models;
using RnnZoo.Training;

namespace RnnZoo.Experiments.Running;

/// <summary>How to run an experiment (the command line's options).</summary>
/// <param name="Profile">"quick" or "full".</param>
/// <param name="Epochs">Overrides the profile's epochs.</param>
/// <param name="Seed">Seeds initialisation, dropout and batch order.</param>
/// <param name="DataDirectory">Where real data sets are.</param>
/// <param name="OutputDirectory">Where results go (default runs/NAME/timestamp).</param>
/// <param name="Device">cpu or cuda.</param>
/// <param name="Implementation">Overrides the model's recurrent implementation.</param>
/// <param name="Resume">Continue the run in OutputDirectory from its checkpoint.</param>
/// <param name="Progress">Progress display.</param>
/// <param name="BatchSize">Overrides the experiment's training batch size.</param>
/// <param name="LearningRate">Overrides the experiment's learning rate.</param>
/// <param name="NoEarlyStopping">Train every epoch even where the experiment stops early (e.g. seed 002's literal 10 epochs).</param>
public sealed record RunOptions(string Profile = "quick", int? Epochs = null, int Seed = 0, string? DataDirectory = null,
    string? OutputDirectory = null, string Device = "cpu", RecurrentImplementation? Implementation = null, bool Resume = false,
    ProgressMode Progress = ProgressMode.Auto, int? BatchSize = null, double? LearningRate = null, bool NoEarlyStopping = false);
