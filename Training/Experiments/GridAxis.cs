using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// One axis of a sweep's grid: a field of the experiment file, by its JSON path (<c>training.optimizer.learning_rate</c>,
/// <c>model.spec.recurrent.hidden_size</c>, <c>profiles.quick.data.train_count</c>; <c>[i]</c> indexes a list), and the
/// values it takes. The values are JSON (numbers, true/false, null, quoted strings, lists); a word that is not JSON is a
/// string (<c>lstm</c>). They are set in the experiment's JSON node tree, which is then read back as an experiment file
/// is, so that a value of the wrong type or out of range is refused with the field's name.
/// </summary>
/// <param name="Key">The field's JSON path.</param>
/// <param name="Values">Its values, as JSON.</param>
public sealed partial record GridAxis(string Key, IReadOnlyList<JsonNode?> Values)
{
    /// <summary>Parses <c>key=v1,v2,...</c> (commas inside brackets or quotes belong to the value).</summary>
    /// <exception cref="ArgumentException">One line naming the item and what is expected.</exception>
    public static GridAxis Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=');
        if (equals < 0) throw new ArgumentException($"--grid {text}: expected KEY=V1,V2,... (e.g. training.optimizer.learning_rate=0.01,0.001).");
        var key = text[..equals].Trim();
        if (!KeyPattern().IsMatch(key))
            throw new ArgumentException($"--grid {text}: '{key}' is not a field path; write the experiment file's field names joined by dots (e.g. model.spec.recurrent.hidden_size).");
        var values = SplitValues(text[(equals + 1)..]).Select(ToJson).ToList();
        if (values.Count == 0) throw new ArgumentException($"--grid {text}: no values; write KEY=V1,V2,...");
        var texts = values.Select(v => v?.ToJsonString() ?? "null").ToList();
        if (texts.Distinct().Count() != texts.Count)
            throw new ArgumentException($"--grid {text}: the value {texts.GroupBy(t => t).First(g => g.Count() > 1).Key} is given twice.");
        return new GridAxis(key, values);
    }

    /// <summary>A value as it reads in labels and folder names: strings without their quotes, other values as JSON.</summary>
    public static string Text(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null";

    /// <summary>
    /// Sets the field <see cref="Key"/> of <paramref name="root"/> (an experiment's JSON) to <paramref name="value"/>. A
    /// missing object on the way (a null <c>clipping</c>) is created; a field the experiment does not have is refused
    /// naming the fields it has there.
    /// </summary>
    /// <exception cref="ArgumentException">The path does not lead to a field of the experiment.</exception>
    public void Apply(JsonNode root, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        var segments = Key.Split('.');
        var node = root;
        var path = "";
        var created = false; // an object made on the way (it was null): its fields are the strict reading's to check
        for (var i = 0; i < segments.Length; i++)
        {
            var match = SegmentPattern().Match(segments[i]);
            var (name, index) = (match.Groups["name"].Value, match.Groups["index"].Success ? int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null);
            if (node is not JsonObject parent)
                throw new ArgumentException($"--grid {Key}: '{path}' is a value ({node.ToJsonString()}), not an object with fields.");
            if (!created && !parent.ContainsKey(name))
                throw new ArgumentException($"--grid {Key}: {(path.Length == 0 ? "the experiment" : $"'{path}'")} has no field '{name}' " +
                                            $"(its fields: {string.Join(", ", parent.Select(p => p.Key))}).");
            path = path.Length == 0 ? segments[i] : $"{path}.{segments[i]}";
            var last = i == segments.Length - 1;
            if (index is { } at)
            {
                if (parent[name] is not JsonArray list || at >= list.Count)
                    throw new ArgumentException($"--grid {Key}: '{path}' is not a list with an element {at} (it is {parent[name]?.ToJsonString() ?? "null"}).");
                if (last) { list[at] = value?.DeepClone(); return; }
                created = created || list[at] is null;
                node = list[at] ??= new JsonObject();
            }
            else
            {
                if (last) { parent[name] = value?.DeepClone(); return; }
                created = created || parent[name] is null;
                node = parent[name] ??= new JsonObject();
            }
        }
    }

    // A value that is JSON stays JSON (0.01, true, "x", [1, 2]); a bare word is a string (lstm).
    private static JsonNode? ToJson(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    private static List<string> SplitValues(string text)
    {
        var values = new List<string>();
        var (depth, quoted, start) = (0, false, 0);
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ',';
            if (quoted) { if (c == '\\') i++; else if (c == '"') quoted = false; continue; }
            switch (c)
            {
                case '"': quoted = true; break;
                case '[' or '{': depth++; break;
                case ']' or '}': depth--; break;
                case ',' when depth == 0:
                    var value = text[start..Math.Min(i, text.Length)].Trim();
                    if (value.Length == 0 && (i < text.Length || values.Count > 0 || start > 0))
                        throw new ArgumentException($"--grid: an empty value in '{text}'.");
                    if (value.Length > 0) values.Add(value);
                    start = i + 1;
                    break;
            }
        }
        return values;
    }

    [GeneratedRegex(@"^[a-z0-9_]+(\[\d+\])?(\.[a-z0-9_]+(\[\d+\])?)*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^(?<name>[a-z0-9_]+)(\[(?<index>\d+)\])?$")]
    private static partial Regex SegmentPattern();
}
