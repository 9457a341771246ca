using System.Collections.Concurrent;
using System.Reflection;

namespace RnnZoo.Models.Cells;

/// <summary>
/// The cells a network can be built from by name: every class marked <see cref="CellNameAttribute"/> in RnnZoo.Models
/// and in the loaded assemblies that reference it, plus what a program registers with <see cref="Register"/>.
/// </summary>
/// <example>
/// <code>
/// CellCatalog.Register("my_cell", a =&gt; new MyCell(a.InputSize, a.HiddenSize));
/// var network = Recurrent.Create(new RecurrentSpec(RnnKind.Rnn, 3, 16, Cell: "my_cell", Implementation: RecurrentImplementation.Reference));
/// </code>
/// </example>
public static class CellCatalog
{
    private static readonly ConcurrentDictionary<string, CellFactory> Registered = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlyDictionary<string, CellFactory>> Discovered = new(Discover);

    /// <summary>Every name that can be asked for, sorted.</summary>
    public static IReadOnlyList<string> Names => Discovered.Value.Keys.Concat(Registered.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>True when <paramref name="name"/> is known.</summary>
    public static bool Contains(string name) => Registered.ContainsKey(name) || Discovered.Value.ContainsKey(name);

    /// <summary>Registers (or replaces) a factory under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">An empty name.</exception>
    public static void Register(string name, CellFactory factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        Registered[name] = factory;
    }

    /// <summary>The factory registered under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static CellFactory Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Registered.TryGetValue(name, out var factory) || Discovered.Value.TryGetValue(name, out factory)) return factory;
        throw new ArgumentException($"Unknown cell '{name}'; known cells: {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>Makes the cell registered under <paramref name="name"/>.</summary>
    public static RecurrentCell Create(string name, CellArguments arguments) => Get(name)(arguments);

    private static IReadOnlyDictionary<string, CellFactory> Discover()
    {
        var self = typeof(CellCatalog).Assembly;
        var assemblies = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => a == self || (!a.IsDynamic && a.GetReferencedAssemblies().Any(r => r.Name == self.GetName().Name)));
        var found = new Dictionary<string, CellFactory>(StringComparer.Ordinal);
        foreach (var type in assemblies.SelectMany(LoadableTypes).Where(t => t.IsClass && !t.IsAbstract && typeof(RecurrentCell).IsAssignableFrom(t)))
            foreach (var attribute in type.GetCustomAttributes<CellNameAttribute>())
            {
                if (found.ContainsKey(attribute.Name))
                    throw new InvalidOperationException($"Two cells are registered as '{attribute.Name}': {type.FullName} and another; give one a different [CellName].");
                found[attribute.Name] = FactoryFor(type);
            }
        return found;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t is not null)!; }
    }

    // The public constructor whose parameters all come from CellArguments (by name), the one with most parameters.
    private static CellFactory FactoryFor(Type type)
    {
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "inputSize", "hiddenSize", "outputSize", "bias", "nonlinearity" };
        var constructor = type.GetConstructors().Where(c => c.GetParameters().All(p => p.Name is not null && known.Contains(p.Name)))
                              .OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                          ?? throw new InvalidOperationException(
                              $"{type.FullName} is marked [CellName] but has no public constructor taking only inputSize, hiddenSize, outputSize, bias and nonlinearity.");
        var names = constructor.GetParameters().Select(p => p.Name!.ToLowerInvariant()).ToHashSet();
        return arguments =>
        {
            // Settings the cell has no parameter for are refused rather than silently ignored.
            if (!arguments.Bias && !names.Contains("bias"))
                throw new ArgumentException($"The cell {type.Name} has no option to leave out its biases (Bias = false).");
            if (arguments.Nonlinearity != Nonlinearity.Tanh && !names.Contains("nonlinearity"))
                throw new ArgumentException($"The cell {type.Name} has no choice of nonlinearity, got {arguments.Nonlinearity}.");
            var values = constructor.GetParameters().Select(p => Value(p, arguments, type)).ToArray();
            try { return (RecurrentCell)constructor.Invoke(values); }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        };
    }

    private static object? Value(ParameterInfo parameter, CellArguments a, Type type) => parameter.Name!.ToLowerInvariant() switch
    {
        "inputsize" => a.InputSize,
        "hiddensize" => a.HiddenSize,
        "outputsize" => a.OutputSize ?? (parameter.HasDefaultValue ? parameter.DefaultValue
            : throw new ArgumentException($"The cell {type.Name} needs an output size (OutputSize), none was given.")),
        "bias" => a.Bias,
        "nonlinearity" => a.Nonlinearity,
        _ => throw new InvalidOperationException($"Unexpected constructor parameter '{parameter.Name}' of {type.Name}."),
    };
}
