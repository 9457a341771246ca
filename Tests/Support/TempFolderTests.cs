namespace RnnZoo.Tests.Support;

/// <summary>
/// A base for fixtures whose tests write files: every test gets a fresh folder of its own (<see cref="Dir"/>), deleted
/// after it, so that no test sees another's files.
/// </summary>
public abstract class TempFolderTests
{
    /// <summary>This test's folder, under the system's temporary folder and named after the fixture.</summary>
    protected string Dir { get; private set; } = null!;

    [SetUp]
    public void CreateTempFolder() => Dir = Directory.CreateTempSubdirectory($"rnnzoo-{GetType().Name}-").FullName;

    [TearDown]
    public void DeleteTempFolder()
    {
        if (Directory.Exists(Dir)) Directory.Delete(Dir, recursive: true);
    }
}
