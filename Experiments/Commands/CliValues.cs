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

    /// <summary>A fraction option in (0, 1) with a default.</summary>
    public static Option<double> Fraction(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = Single(result);
            if (text is null) return defaultValue;
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value > 0 && value < 1))
            {
                result.AddError($"{name}: '{text}' is not a fraction between 0 and 1 (exclusive).");
                return defaultValue;
            }
            return value;
        },
    };

    /// <summary>--device: cpu, cuda or cuda:N (whether CUDA is there is checked when the run starts).</summary>
    public static Option<string?> Device() => new("--device")
    {
        Description = "cpu (default), cuda or cuda:N.",
        CustomParser = result =>
        {
            var text = Single(result);
            if (text is null) return null;
            var name = text.Trim().ToLowerInvariant();
            if (name is "cpu" or "cuda" || (name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name[5..], out var index) && index >= 0)) return name;
            result.AddError($"--device: '{text}' is not a device; use cpu, cuda or cuda:N.");
            return null;
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
