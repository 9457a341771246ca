namespace RnnZoo.Models.Cells;

/// <summary>
/// Registers a <see cref="RecurrentCell"/> under a name in <see cref="CellCatalog"/>, so that a network spec or an
/// experiment file can ask for it by name (<c>"cell": "peephole_lstm"</c>). The class needs a public constructor
/// whose parameters are among <c>inputSize</c>, <c>hiddenSize</c>, <c>outputSize</c>, <c>bias</c> and
/// <c>nonlinearity</c> (those of <see cref="CellArguments"/>, matched by name; parameters with defaults may be left
/// out by the arguments). Adding a cell to the zoo is then its file and its test, nothing else.
/// </summary>
/// <param name="name">The name: lower case, words joined by underscores.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CellNameAttribute(string name) : Attribute
{
    /// <summary>The registered name.</summary>
    public string Name { get; } = name;
}
