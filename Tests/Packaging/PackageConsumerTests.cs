using RnnZoo.Experiments.Diagnostics;
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
        Assert.That(LocalFeed.Libraries().Select(File.Exists), Is.All.True);

        var consumer = LocalFeed.NewFolder("consumer");
        // The local feed beside the configured ones, which serve TorchSharp and libtorch.
        LocalFeed.WriteNuGetConfig(consumer, only: false);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RnnZoo.Training" Version="{LocalFeed.Version}" />
                <PackageReference Include="libtorch-cpu-{NativeLibraryCheck.PlatformRuntimeIdentifier}" Version="{BuildInfo.LibTorchVersion}" />
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
        var (runCode, runOutput) = DotnetCli.Dotnet(consumer, "run", "--", "-nologo");
        Assert.That(runCode, Is.Zero, runOutput);
        Assert.That(runOutput, Does.Contain("outputs 3x5x16 state 4x3x8"));
        Assert.That(runOutput, Does.Contain("trained 1 epoch"));
    }
}
