using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RnnZoo.Data;

namespace RnnZoo.Training.Experiments;

/// <summary>
/// Experiments and run configurations as JSON files (<see cref="JsonFormat"/>: snake_case fields, enums as lower-case
/// strings, <c>"kind"</c> naming the type of <c>data</c> and <c>model</c>). Reading is strict: an unknown or missing field,
/// a value of the wrong type or out of range is refused with one line naming the file, the field and what was expected.
/// </summary>
public static partial class ExperimentFile
{
    private static readonly JsonSerializerOptions Strict = CreateStrict();

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(JsonFormat.Indented)
        {
            UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The experiment as JSON (what <c>rnnzoo show</c> prints).</summary>
    public static string ToJson(Experiment experiment) => JsonSerializer.Serialize(experiment, JsonFormat.Indented);

    /// <summary>The run configuration as JSON (a run's config.json).</summary>
    public static string ToJson(RunConfig config) => JsonSerializer.Serialize(config, JsonFormat.Indented);

    /// <summary>
    /// Reads an experiment file, or the experiment of a run's config.json (a file with an <c>experiment</c> object), and
    /// validates it.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file there.</exception>
    /// <exception cref="InvalidDataException">One line naming the file, the field and what was expected.</exception>
    public static Experiment LoadExperiment(string path)
    {
        var node = Parse(path);
        if (node is JsonObject run && run.ContainsKey("experiment") && run.ContainsKey("format"))
            return Read<RunConfig>(path, node, c => c.Experiment.Validate()).Experiment;
        return Read<Experiment>(path, node, e => e.Validate());
    }

    /// <summary>
    /// Reads an experiment from a JSON node tree as <see cref="LoadExperiment"/> reads a file (strictly, then validated):
    /// e.g. an experiment with a sweep's grid values set in it.
    /// </summary>
    /// <param name="node">The experiment's JSON.</param>
    /// <param name="source">What the JSON is, named in the message where a file's name would be.</param>
    /// <exception cref="InvalidDataException">One line naming <paramref name="source"/>, the field and what was expected.</exception>
    public static Experiment ReadExperiment(JsonNode node, string source) => Read<Experiment>(source, node, e => e.Validate());

    /// <summary>Reads a run's config.json.</summary>
    /// <exception cref="FileNotFoundException">No file there.</exception>
    /// <exception cref="InvalidDataException">One line naming the file, the field and what was expected.</exception>
    public static RunConfig LoadRunConfig(string path)
    {
        var node = Parse(path);
        if (node is JsonObject run && (!run.ContainsKey("format") || !run.ContainsKey("experiment")))
            throw new InvalidDataException($"{path}: not a run configuration of this RnnZoo (it has no 'format' and 'experiment'; runs made before format {RunConfig.CurrentFormat} cannot be read: run them again).");
        var config = Read<RunConfig>(path, node, c => c.Experiment.Validate());
        if (config.Format != RunConfig.CurrentFormat)
            throw new InvalidDataException($"{path}: format {config.Format}, this RnnZoo reads format {RunConfig.CurrentFormat}.");
        return config;
    }

    /// <summary>Writes <paramref name="json"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Write(string path, string json)
    {
        var temporary = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, json + Environment.NewLine);
        File.Move(temporary, path, overwrite: true);
    }

    private static JsonNode? Parse(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"No experiment file at '{path}'.", path);
        try { return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: {Where(e)}not valid JSON ({Plain(e.Message)}).", e); }
    }

    private static T Read<T>(string path, JsonNode? node, Action<T> validate)
    {
        T value;
        try { value = node.Deserialize<T>(Strict) ?? throw new JsonException("the file holds null"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: {Where(e)}{Explain(e, typeof(T))}", e); }
        catch (NotSupportedException e) { throw new InvalidDataException($"{path}: {Plain(e.Message)}", e); }
        try { validate(value); }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: {Plain(e.Message)}", e); }
        return value;
    }

    private static string Where(JsonException e)
    {
        var where = ((e.Path is { Length: > 1 } p ? p[2..].Replace("['", ".").Replace("']", "") + " " : "") + (e.LineNumber is { } line ? $"(line {line + 1})" : "")).Trim();
        return where.Length == 0 ? "" : where + ": ";
    }

    // System.Text.Json's messages in the file's words.
    private static string Explain(JsonException e, Type root)
    {
        var message = e.Message;
        if (ConvertTo().Match(message) is { Success: true } convert)
            return $"expected {(TypeAt(root, e.Path) is { } field ? Expected(field) : Expected(convert.Groups["type"].Value))}.";
        if (MissingRequired().Match(message) is { Success: true } missing) return $"missing required field(s) {missing.Groups["names"].Value}.";
        if (Unmapped().Match(message) is { Success: true } unknown) return $"unknown field '{unknown.Groups["name"].Value}'.";
        if (message.Contains("type discriminator", StringComparison.OrdinalIgnoreCase))
            return "missing or unknown 'kind' (data: generated, imdb, text, forecast; model: classifier, regressor, cell).";
        return Plain(message);
    }

    // The type of the field at a JSON path ($.training.batch_size), following properties by their JSON names (and the
    // derived types of polymorphic ones); null when the path cannot be followed.
    private static Type? TypeAt(Type root, string? path)
    {
        if (path is null || !path.StartsWith('$')) return null;
        var type = root;
        foreach (var segment in path[1..].Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Split('[')[0];
            var candidates = new[] { type }.Concat(type.Assembly.GetTypes().Where(t => t.IsSubclassOf(type)));
            var property = candidates.SelectMany(t => t.GetProperties()).FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == name);
            if (property is null) return null;
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (segment.Contains('[') && type.IsGenericType) type = type.GetGenericArguments()[0];
        }
        return type;
    }

    private static string Expected(Type type)
    {
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
        return Expected(type.FullName ?? type.Name);
    }

    private static string Expected(string type)
    {
        type = type.TrimEnd('.').Replace("System.Nullable`1[", "").TrimEnd(']');
        var name = type.Split('.', '+')[^1];
        var enumType = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(type)).FirstOrDefault(t => t is not null);
        if (enumType is { IsEnum: true })
            return "one of " + string.Join(", ", Enum.GetNames(enumType).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
        return name switch
        {
            "Int32" or "Int64" => "a whole number",
            "Double" or "Single" => "a number",
            "Boolean" => "true or false",
            "String" => "a string",
            "Char" => "a one-character string",
            _ => $"a {name} object",
        };
    }

    private static string Plain(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).Trim();
    }

    [GeneratedRegex(@"could not be converted to (?<type>[\w.`\[\]+]+)")]
    private static partial Regex ConvertTo();

    [GeneratedRegex(@"missing required properties including: (?<names>.+?)\.?( Path|$)")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex Unmapped();
}
