using System.Text.Json;
using RnnZoo.Experiments.Registry;
using RnnZoo.Models;

namespace RnnZoo.Experiments.Running;

/// <summary>Reads back what a run wrote.</summary>
public static class RunFolder
{
    /// <summary>The parts of config.json that rebuild a run's model and data.</summary>
    public sealed record Config(string Experiment, DataSpec Data, int Seed, RecurrentImplementation? Implementation);

    /// <summary>The experiment and configuration of the run in <paramref name="folder"/>.</summary>
    /// <exception cref="FileNotFoundException">No config.json there.</exception>
    /// <remarks>The weights (model.bin, or model.pt / model.safetensors from PyTorch) are checked by whoever loads them (Commands.RunModelOptions).</remarks>
    public static (Experiment Experiment, Config Config) Read(string folder)
    {
        var configPath = Path.Combine(folder, "config.json");
        if (!File.Exists(configPath)) throw new FileNotFoundException($"'{folder}' is not a run folder: no config.json. Pass the --out folder of 'rnnzoo run'.", configPath);
        using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
        var root = doc.RootElement;
        var experiment = Zoo.Find(root.GetProperty("experiment").GetString()!);
        var data = root.GetProperty("data").Deserialize<DataSpec>(ExperimentRunner.Json) ?? experiment.Data;
        if (data is ForecastData { Forecast: null })
            throw new InvalidDataException($"'{configPath}' describes its forecast in an older layout (no 'forecast' object under 'data'); rerun the experiment.");
        var implementation = root.TryGetProperty("implementation", out var i) && i.ValueKind == JsonValueKind.String
            ? Enum.Parse<RecurrentImplementation>(i.GetString()!) : (RecurrentImplementation?)null;
        return (experiment, new Config(experiment.Name, data, root.GetProperty("seed").GetInt32(), implementation));
    }
}
