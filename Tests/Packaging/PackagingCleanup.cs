namespace RnnZoo.Tests.Packaging;

/// <summary>After the packaging tests: deletes <see cref="LocalFeed"/>'s folder and its packages in the NuGet cache.</summary>
[SetUpFixture]
public class PackagingCleanup
{
    [OneTimeTearDown]
    public void DeleteLocalFeed() => LocalFeed.Delete();
}
