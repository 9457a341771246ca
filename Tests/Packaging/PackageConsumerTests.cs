using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RnnZoo.Tests.Packaging;

/// <summary>
/// Using RnnZoo from other TorchSharp code: <c>dotnet pack</c> makes packages of the libraries (once for the fixture),
/// and small consumer projects build against them from a local folder feed and run: a recurrent network and one
/// training epoch through the harness, and the README's forecasting program on a monthly CSV of its own.
/// </summary>
[TestFixture]
[Category("Packaging")]
public class PackageConsumerTests
{
    // A version of its own, so the NuGet cache never serves an older package of the same number.
    private readonly string _version = $"0.1.0-test{DateTime.UtcNow:yyyyMMddHHmmss}";
    private string _work = null!;
    private string _feed = null!;

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RnnZoo.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("RnnZoo.sln not found above the test output.");
    }

    private static (int Code, string Output) Dotnet(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(true); return (-1, "timed out"); }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [OneTimeSetUp]
    public void Pack()
    {
        _work = Directory.CreateTempSubdirectory("rnnzoo-pack-").FullName;
        _feed = Path.Combine(_work, "feed");
        foreach (var project in new[] { "Models/RnnZoo.Models.csproj", "Data/RnnZoo.Data.csproj", "Training/RnnZoo.Training.csproj" })
        {
            var (code, output) = Dotnet(RepositoryRoot(), "pack", project, "-c", "Release", "-o", _feed, $"-p:Version={_version}", "-nologo", "-v", "quiet");
            Assert.That(code, Is.Zero, output);
        }
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        Directory.Delete(_work, true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "rnnzoo.models", "rnnzoo.data", "rnnzoo.training" })
        {
            var cached = Path.Combine(cache, id, _version);
            if (Directory.Exists(cached)) Directory.Delete(cached, true);
        }
    }

    /// <summary>A console project referencing RnnZoo.Training from the local feed, with <paramref name="program"/> as its Program.cs; returns its folder.</summary>
    private string Consumer(string name, string program)
    {
        var consumer = Path.Combine(_work, name);
        Directory.CreateDirectory(consumer);
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="rnnzoo-local" value="{_feed}" />
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
                <PackageReference Include="RnnZoo.Training" Version="{_version}" />
                <PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), program);
        return consumer;
    }

    [Test]
    public void PackedLibraries_BuildAndRunInAConsumerProject_FromALocalFeed()
    {
        Assert.That(Directory.GetFiles(_feed, "*.nupkg").Select(Path.GetFileName),
            Is.EquivalentTo(new[] { $"RnnZoo.Models.{_version}.nupkg", $"RnnZoo.Data.{_version}.nupkg", $"RnnZoo.Training.{_version}.nupkg" }));
        var consumer = Consumer("consumer", """
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
        var (runCode, runOutput) = Dotnet(consumer, "run", "--", "-nologo");
        Assert.That(runCode, Is.Zero, runOutput);
        Assert.That(runOutput, Does.Contain("outputs 3x5x16 state 4x3x8"));
        Assert.That(runOutput, Does.Contain("trained 1 epoch"));
    }

    /// <summary>The C# block after <c>&lt;!-- consumer: forecast --&gt;</c> in README.md, as it is.</summary>
    private static string ReadmeForecastProgram()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        var match = Regex.Match(readme, @"<!-- consumer: forecast -->\s*```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline);
        Assert.That(match.Success, Is.True, "README.md has no '<!-- consumer: forecast -->' C# block");
        return match.Groups["code"].Value;
    }

    [Test]
    public void ReadmeForecastProgram_BuildsFromThePackages_AndForecastsItsOwnSeries()
    {
        var program = ReadmeForecastProgram();
        Assert.That(program.Split('\n').Count(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("using") && !l.TrimStart().StartsWith("//")), Is.LessThanOrEqualTo(20),
            "about twenty lines of code");
        var consumer = Consumer("forecast", program);
        // Twenty years of a CO2-like monthly series (trend, yearly cycle, noise) with months 1990-06 and 1995-10/11 missing.
        var random = new Random(5);
        var lines = new List<string> { "Date,CO2" };
        for (var m = 0; m < 240; m++)
        {
            var date = new DateTime(1980, 1, 1).AddMonths(m);
            if (date is { Year: 1990, Month: 6 } or { Year: 1995, Month: 10 or 11 }) continue;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd},{338 + 0.12 * m + 3 * Math.Sin(2 * Math.PI * m / 12) + 0.3 * random.NextDouble():F2}"));
        }
        File.WriteAllLines(Path.Combine(consumer, "co2.csv"), lines);

        var (code, output) = Dotnet(consumer, "run", "--", "-nologo");
        Assert.That(code, Is.Zero, output);
        TestContext.Out.WriteLine(output);
        Assert.That(output, Does.Contain("240 rows, monthly (3 missing periods filled: Interpolate)").And.Contain("lookback 24, horizon 12"));
        foreach (var method in new[] { "model", "naive", "drift", "seasonal_naive", "holt_winters" })
        {
            Assert.That(output, Does.Match($@"h1 {method} +MAE \d+\.\d{{3}}  MASE \d+\.\d{{3}}"), method);
            Assert.That(output, Does.Match($@"h12 {method} +MAE \d+\.\d{{3}}  MASE \d+\.\d{{3}}"), method);
        }
        // The forecast continues the file: the twelve months of 2000.
        Assert.That(output, Does.Contain("2000-01 ").And.Contain("2000-12 "));
        var forecast = Regex.Matches(output, @"^2000-\d\d (?<v>\d+\.\d\d)$", RegexOptions.Multiline).Select(m => double.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.That(forecast, Has.Length.EqualTo(12));
        Assert.That(forecast, Is.All.InRange(355.0, 375.0), "near the series' level at its end (338 + 0.12 · 240 ≈ 367)");
    }
}
