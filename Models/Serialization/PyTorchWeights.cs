using TorchSharp;
using static TorchSharp.torch;

namespace RnnZoo.Models.Serialization;

/// <summary>
/// Moves a model's weights to and from PyTorch: a <c>state_dict</c> saved by <c>torch.save</c> (<c>.pt</c>) or as
/// <c>.safetensors</c> loads into the matching RnnZoo model, and an RnnZoo model saves one that PyTorch's
/// <c>load_state_dict(strict=True)</c> takes into the equivalent <c>nn.Embedding</c>/<c>nn.LSTM</c>/<c>nn.GRU</c>/<c>nn.RNN</c>/<c>nn.Linear</c>
/// modules. TorchSharp's own <c>.bin</c> goes through the same checks. RnnZoo's parameter names already follow
/// PyTorch's (<c>weight_ih_l0</c>, <c>bias_hh_l1_reverse</c>, <c>weight</c>, <c>bias</c>); a <see cref="PrefixMap"/>
/// covers modules named differently (<c>encoder.=rnn.</c>).
/// </summary>
/// <example>
/// <code>
/// var model = new SequenceClassifier(spec);                             // the same architecture as the PyTorch module
/// PyTorchWeights.Load(model, "classifier.pt", PrefixMap.Parse(new[] { "encoder.=rnn.", "head.=fc." }));
/// PyTorchWeights.Save(model, "back.safetensors", map);                  // loads into the PyTorch module again
/// </code>
/// </example>
public static class PyTorchWeights
{
    /// <summary>
    /// Loads the state dict at <paramref name="path"/> (.pt/.pth, .safetensors or .bin) into <paramref name="module"/>,
    /// after checking that every name maps, nothing is missing or extra, and every dtype and shape fits.
    /// </summary>
    /// <exception cref="InvalidDataException">The file does not fit the module; the message names every mismatch. The module is left untouched.</exception>
    public static void Load(nn.Module module, string path, PrefixMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        map ??= PrefixMap.None;
        using var scope = NewDisposeScope();
        var file = StateDictFile.Read(path);
        var expected = module.state_dict();
        var problems = new List<string>();
        var matched = new Dictionary<string, Tensor>();
        foreach (var (name, target) in expected)
        {
            var fileName = map.ToFile(name);
            var alias = fileName == name ? "" : $" (file name '{fileName}')";
            if (!file.TryGetValue(fileName, out var source)) { problems.Add($"'{name}'{alias} {Guard.Describe(target.shape)} is missing from the file"); continue; }
            if (!source.shape.SequenceEqual(target.shape))
                problems.Add($"'{name}'{alias}: the model expects shape {Guard.Describe(target.shape)}, the file has {Guard.Describe(source.shape)}");
            else if (source.dtype != target.dtype)
                problems.Add($"'{name}'{alias}: the model expects dtype {target.dtype}, the file has {source.dtype}");
            else matched[name] = source;
        }
        var modelNames = expected.Keys.Select(map.ToFile).ToHashSet();
        foreach (var name in file.Keys.Where(n => !modelNames.Contains(n)).OrderBy(n => n, StringComparer.Ordinal))
            problems.Add($"'{name}' in the file has no counterpart in the model" + (map.ToModel(name) is var m && m != name ? $" (mapped to '{m}')" : ""));
        if (problems.Count > 0)
            throw new InvalidDataException(
                $"The weights in '{path}' do not fit this {module.GetType().Name} (map: {map}): {string.Join("; ", problems)}. " +
                $"The model's parameters are {string.Join(", ", expected.Select(p => $"{p.Key} {Guard.Describe(p.Value.shape)}"))}.");
        using var noGrad = no_grad();
        foreach (var (name, target) in expected) target.copy_(matched[name]);
    }

    /// <summary>
    /// Saves <paramref name="module"/>'s state dict to <paramref name="path"/> (.pt/.pth, .safetensors or .bin), each
    /// name renamed by <paramref name="map"/> (model prefix to file prefix).
    /// </summary>
    public static void Save(nn.Module module, string path, PrefixMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        map ??= PrefixMap.None;
        var state = module.state_dict().ToDictionary(p => map.ToFile(p.Key), p => p.Value);
        StateDictFile.Write(path, state);
    }
}
