using System.Text.Json;
using System.Text.Json.Serialization;

namespace RnnZoo.Data;

/// <summary>
/// RnnZoo's one JSON convention, for every file it writes and reads (config.json, summary.json, scaler.json,
/// checkpoint headers, the metrics log, bench results): snake_case names, enums as strings, NaN and infinities as
/// named literals. <see cref="Indented"/> for files people read, <see cref="Compact"/> for one-object-per-line logs.
/// </summary>
public static class JsonFormat
{
    /// <summary>Indented (config.json, summary.json, ...).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    /// <summary>One line per object (metrics.jsonl, checkpoint headers).</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = indented,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
