namespace RnnZoo.Models.Serialization;

/// <summary>
/// Renames parameters whose modules are named differently in RnnZoo and in a file: each rule pairs a name prefix of the
/// model with the file's, e.g. <c>encoder.=rnn.</c> for a PyTorch module that calls its LSTM <c>rnn</c>. The longest
/// matching prefix wins; a name no rule matches keeps its name. An empty prefix is allowed (<c>encoder.=</c>: a bare
/// <c>nn.LSTM</c> state dict for the model's encoder).
/// </summary>
/// <param name="Rules">(model prefix, file prefix) pairs.</param>
public sealed record PrefixMap(IReadOnlyList<(string Model, string File)> Rules)
{
    /// <summary>No renaming.</summary>
    public static PrefixMap None { get; } = new(Array.Empty<(string, string)>());

    /// <summary>Parses rules written <c>MODEL=FILE</c> (command line: <c>--map encoder.=rnn.</c>).</summary>
    /// <exception cref="ArgumentException">A rule without exactly one '=' or with the same prefix twice.</exception>
    public static PrefixMap Parse(IEnumerable<string>? rules)
    {
        var parsed = new List<(string, string)>();
        foreach (var rule in rules ?? Array.Empty<string>())
        {
            var parts = rule.Split('=');
            if (parts.Length != 2) throw new ArgumentException($"--map: expected MODEL_PREFIX=FILE_PREFIX (e.g. encoder.=rnn.), got '{rule}'.");
            parsed.Add((parts[0], parts[1]));
        }
        foreach (var side in new Func<(string Model, string File), string>[] { r => r.Model, r => r.File })
            if (parsed.GroupBy(side).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new ArgumentException($"--map: the prefix '{twice.Key}' appears in more than one rule.");
        return new PrefixMap(parsed);
    }

    /// <summary>The file's name for the model's parameter <paramref name="name"/>.</summary>
    public string ToFile(string name) => Rename(name, r => r.Model, r => r.File);

    /// <summary>The model's name for the file's entry <paramref name="name"/>.</summary>
    public string ToModel(string name) => Rename(name, r => r.File, r => r.Model);

    private string Rename(string name, Func<(string Model, string File), string> from, Func<(string Model, string File), string> to)
    {
        var rule = Rules.Where(r => name.StartsWith(from(r), StringComparison.Ordinal)).OrderByDescending(r => from(r).Length).FirstOrDefault();
        return rule == default ? name : to(rule) + name[from(rule).Length..];
    }

    /// <inheritdoc />
    public override string ToString() => Rules.Count == 0 ? "(none)" : string.Join(" ", Rules.Select(r => $"{r.Model}={r.File}"));
}
