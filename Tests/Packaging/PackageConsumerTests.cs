using RnnZoo.Tests.Support;

namespace RnnZoo.Tests.Packaging;

/// <summary>
/// Using RnnZoo from other TorchSharp code: <c>dotnet pack</c> makes packages of the libraries, and a small
/// consumer project builds against them from a local folder feed and runs (a recurrent network and one
/// training epoch through the harness).
/// </summary>
[TestFixture]
[Category("Packaging")]
public class PackageConsumerTests
{
    [Test]
    public void PackedLibraries_BuildAndRunInAConsumerProject_FromALocalFeed()
    {
        var root = DotnetCli.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("rnnzoo-pack-").FullName;
        // A version of its own, so the NuGet cache never serves an older package of the same number.
        var version = $"0.1.0-test{DateTime.UtcNow:yyyyMMddHHmmss}";
        try
        {
            var feed = Path.Combine(work, "feed");
            foreach (var project in new[] { "Models/RnnZoo.Models.csproj", "Data/RnnZoo.Data.csproj", "Training/RnnZoo.Training.csproj" })
            {
                var (code, output) = DotnetCli.Run(root, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={version}", "-nologo", "-v", "quiet");
                Assert.That(code, Is.Zero, output);
            }
            Assert.That(Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName),
                Is.EquivalentTo(new[] { $"RnnZoo.Models.{version}.nupkg", $"RnnZoo.Data.{version}.nupkg", $"RnnZoo.Training.{version}.nupkg" }));

            var consumer = Path.Combine(work, "consumer");
            Directory.CreateDirectory(consumer);
            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="rnnzoo-local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="RnnZoo.Training" Version="{version}" />
                    <PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(consumer, "Program.cs"), """
                using RnnZoo.Data.Batching;
                using RnnZoo.Models;
                using RnnZoo.Models.Networks;
                using RnnZoo.Models.Tasks;
                using RnnZoo.Training;
                using static TorchSharp.torch;

                manual_seed(1);
                var encoder = Recurrent.Create(RnnKind.Lstm, inputSize: 4, hiddenSize: 8, layers: 2, bidirectional: true,
                                               implementation: RecurrentImplementation.Reference);
                var (outputs, state) = encoder.forward(randn(3, 5, 4), tensor(new long[] { 5, 3, 1 }));
                Console.WriteLine($"outputs {string.Join("x", outputs.shape)} state {string.Join("x", state.H.shape)}");

                var model = new SequenceRegressor(new SequenceRegressorSpec(new RecurrentSpec(RnnKind.Gru, 4, 8)));
                var data = new TensorBatchLoader(randn(32, 6, 4), randn(32, 1, 1), null, new BatchLoaderOptions(8));
                var result = new Trainer(model, new FitOptions(1, LossKind.Mse, Progress: ProgressMode.None)).Fit(data);
                Console.WriteLine($"trained {result.History.Count} epoch, loss {result.History[0].Loss:F3}");
                """);
            var (runCode, runOutput) = DotnetCli.Run(consumer, "run", "--", "-nologo");
            Assert.That(runCode, Is.Zero, runOutput);
            Assert.That(runOutput, Does.Contain("outputs 3x5x16 state 4x3x8"));
            Assert.That(runOutput, Does.Contain("trained 1 epoch"));
        }
        finally
        {
            Directory.Delete(work, true);
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            foreach (var id in new[] { "rnnzoo.models", "rnnzoo.data", "rnnzoo.training" })
            {
                var cached = Path.Combine(cache, id, version);
                if (Directory.Exists(cached)) Directory.Delete(cached, true);
            }
        }
    }
}
