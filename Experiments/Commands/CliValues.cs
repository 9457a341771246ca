using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace RnnZoo.Experiments.Commands;

/// <summary>
/// Options whose values are parsed with messages in plain words (<c>--epochs: 'abc' is not a whole number</c>) and
/// checked for range at parse time, so that a bad value is a usage error (exit code 2) before anything runs.
/// </summary>
public static class CliValues
{
    /// <summary>An optional whole-number option, at least <paramref name="minimum"/>.</summary>
    public static Option<int?> WholeNumber(string name, string description, int minimum = int.MinValue) => new(name)
    {
        Description = description,
        CustomParser = result => ParseWhole(result, name, minimum),
    };

    /// <summary>A whole-number option with a default, at least <paramref name="minimum"/>.</summary>
    public static Option<int> WholeNumber(string name, string description, int defaultValue, int minimum) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseWhole(result, name, minimum) ?? defaultValue,
    };

    /// <summary>An optional positive, finite number option.</summary>
    public static Option<double?> PositiveNumber(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = Single(result);
            if (text is null) return null;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                result.AddError($"{name}: '{text}' is not a number.");
                return null;
            }
            if (value <= 0) result.AddError($"{name}: must be positive, got {text}.");
            return value;
        },
    };

    private static int? ParseWhole(ArgumentResult result, string name, int minimum)
    {
        var text = Single(result);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"{name}: '{text}' is not a whole number.");
            return null;
        }
        if (value < minimum) result.AddError(minimum == 1 ? $"{name}: must be at least 1, got {value}." : $"{name}: must be at least {minimum}, got {value}.");
        return value;
    }

    private static string? Single(ArgumentResult result) => result.Tokens.Count == 0 ? null : result.Tokens[^1].Value;
}

/// <summary>Bad usage found after parsing (an unknown experiment, options that do not go together): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
