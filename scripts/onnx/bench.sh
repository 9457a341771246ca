#!/usr/bin/env bash
# ONNX Runtime against TorchSharp (issue 16): inference latency and throughput on seed 002's IMDB network
# (Embedding 10000x50 -> LSTM(100) x 2 -> Dense(2), untrained weights), batch 1 (one review) and batch 64, and the
# size of a self-contained published app of each: ONNX Runtime only (the README's consumer program) against
# TorchSharp + libtorch (RnnZoo.Models running the same network).
#
#   scripts/onnx/bench.sh [--time T] [--calls N] [--rounds N] [--threads N]   (options go to rnnzoo bench-onnx)
#
# Writes the tables to stdout. Timings are medians over all calls, engines alternating by round; on a shared machine
# compare them only within one run. The publish step needs the linux-x64 runtime pack from NuGet.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/rnnzoo-onnx-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

echo "## Inference: ONNX Runtime against TorchSharp fused ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
dotnet build "$root/Experiments" -c Release -v q -nologo >/dev/null
dotnet "$root/Experiments/bin/Release/net10.0/rnnzoo.dll" bench-onnx "$@"

echo
echo "## Self-contained app size (dotnet publish -c Release -r linux-x64 --self-contained)"
mkdir -p "$work/ort" "$work/torchsharp" "$work/hello"
# The .NET runtime alone, for scale: what any self-contained app carries.
cat > "$work/hello/Hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
XML
echo 'Console.WriteLine("hello");' > "$work/hello/Program.cs"
cat > "$work/ort/OrtApp.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <ItemGroup><PackageReference Include="Microsoft.ML.OnnxRuntime" Version="1.31.1" /></ItemGroup>
</Project>
XML
# The README's "ship it with ONNX Runtime" program.
awk '/<!-- example: onnx-consumer -->/{f=1; next} f && /^```csharp/{c=1; next} c && /^```/{exit} c' "$root/README.md" > "$work/ort/Program.cs"
cat > "$work/torchsharp/TorchSharpApp.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
  <Import Project="$root/build/NativeLibraryCompat.targets" />
  <ItemGroup>
    <ProjectReference Include="$root/Models/RnnZoo.Models.csproj" />
    <PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0" />
  </ItemGroup>
</Project>
XML
cat > "$work/torchsharp/Program.cs" <<'CS'
using RnnZoo.Models;
using RnnZoo.Models.Networks;
using RnnZoo.Models.Serialization;
using RnnZoo.Models.Tasks;
using static TorchSharp.torch;

// Seed 002's IMDB network with TorchSharp: weights from a run's model.bin, one review of ids.
var model = new SequenceClassifier(new SequenceClassifierSpec(new RecurrentSpec(RnnKind.Lstm, 50, 100, Layers: 2), 2, VocabularySize: 10000, EmbeddingSize: 50));
if (args.Length > 0) ModelFile.Load(model, args[0]);
model.eval();
var ids = tensor(new long[] { 1, 14, 22, 16, 43, 530 }).unsqueeze(0);
Console.WriteLine($"{model.forward(ids, tensor(new long[] { 6 })).softmax(1)[0, 1].item<float>():F6} positive");
CS
printf '| app | references | files | size (du -sh) | bytes (du -sb) |\n| --- | --- | ---: | ---: | ---: |\n'
for app in hello ort torchsharp; do
  dotnet publish "$work/$app" -c Release -r linux-x64 --self-contained -o "$work/$app/publish" -v q -nologo >/dev/null
  case $app in
    hello) refs="none (the .NET runtime alone)" ;;
    ort) refs="Microsoft.ML.OnnxRuntime 1.31.1" ;;
    *) refs="RnnZoo.Models (TorchSharp 0.107) + libtorch-cpu-linux-x64 2.10.0" ;;
  esac
  printf '| %s | %s | %s | %s | %s |\n' "$app" "$refs" "$(find "$work/$app/publish" -type f | wc -l)" \
    "$(du -sh "$work/$app/publish" | cut -f1)" "$(du -sb "$work/$app/publish" | cut -f1)"
done
echo
echo "ONNX model of seed 002's network: see the file size in the first table's header."
