using System.CommandLine;
using System.Diagnostics;
using RnnZoo.Experiments.Onnx;
using RnnZoo.Training;
using RnnZoo.Training.Experiments;
using RnnZoo.Models;
using RnnZoo.Models.Export.Onnx;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Commands;

/// <summary>
/// <c>rnnzoo bench-onnx</c>: inference latency and throughput of seed 002's IMDB network (or another experiment's
/// model) under ONNX Runtime against TorchSharp's fused kernels, on the same weights and batches.
/// </summary>
public static class OnnxBenchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var experiment = new Option<string>("--experiment") { Description = "Whose model (untrained weights).", DefaultValueFactory = _ => "seed002-imdb-lstm" };
        var batches = new Option<int[]>("--batch") { Description = "Batch sizes (repeatable).", DefaultValueFactory = _ => new[] { 1, 64 }, AllowMultipleArgumentsPerToken = true };
        var time = new Option<int>("--time") { Description = "Steps per sequence (every sequence full length).", DefaultValueFactory = _ => 250 };
        var calls = new Option<int>("--calls") { Description = "Timed calls per round and engine.", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds alternating the engines (the median is over all calls).", DefaultValueFactory = _ => 3 };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads of both engines (0: each engine's default, the core count).", DefaultValueFactory = _ => 0 };
        var command = new Command("bench-onnx", "Time inference under ONNX Runtime against TorchSharp (fused) on an experiment's model.")
        {
            experiment, batches, time, calls, rounds, threads,
        };
        command.SetAction(parse =>
        {
            var (t, n, r, th) = (parse.GetValue(time), parse.GetValue(calls), parse.GetValue(rounds), parse.GetValue(threads));
            var sizes = parse.GetValue(batches)!;
            if (t < 1 || n < 1 || r < 1 || th < 0 || sizes.Any(b => b < 1))
            {
                Console.Error.WriteLine("--time, --calls, --rounds and every --batch must be at least 1, --threads at least 0.");
                return 2;
            }
            if (th > 0) set_num_threads(th);
            var spec = Zoo.Find(parse.GetValue(experiment)!);
            using var model = ModelFactory.Build(spec.Model, 0, RecurrentImplementation.Fused);
            model.eval();
            var path = Path.Combine(Path.GetTempPath(), $"rnnzoo-bench-{Guid.NewGuid():N}.onnx");
            try
            {
                OnnxExporter.Export(model, path);
                using var onnx = new OnnxRuntimeModel(path, th);
                Console.WriteLine($"{spec.Name}: time {t}, {r} rounds x {n} calls, threads {(th == 0 ? $"default ({Environment.ProcessorCount} cores)" : th)}, ONNX file {new FileInfo(path).Length / 1024} KB");
                Console.WriteLine("| batch | engine | median ms/call | p90 ms | sequences/s |");
                Console.WriteLine("| ---: | --- | ---: | ---: | ---: |");
                foreach (var batch in sizes)
                {
                    using var scope = NewDisposeScope();
                    var inputs = onnx.TokenInput
                        ? randint(1, spec.Data is ImdbData imdb ? imdb.NumWords : 2, new long[] { batch, t })
                        : randn(batch, t, ExportCommand.InputSize(model));
                    var lengths = full(new long[] { batch }, t, ScalarType.Int64);
                    var times = new Dictionary<string, List<double>> { ["TorchSharp fused"] = new(), ["ONNX Runtime"] = new() };
                    using var noGrad = no_grad();
                    for (var round = 0; round < r; round++)
                        foreach (var (name, engine) in new (string, SequenceModel)[] { ("TorchSharp fused", model), ("ONNX Runtime", onnx) })
                        {
                            using (NewDisposeScope()) engine.forward(inputs, lengths); // warm-up
                            for (var i = 0; i < n; i++)
                            {
                                using var call = NewDisposeScope();
                                var clock = Stopwatch.StartNew();
                                engine.forward(inputs, lengths).data<float>(); // the result on the CPU, read
                                times[name].Add(clock.Elapsed.TotalMilliseconds);
                            }
                        }
                    foreach (var (name, list) in times)
                    {
                        list.Sort();
                        var median = list[list.Count / 2];
                        var p90 = list[(int)Math.Min(list.Count - 1, Math.Ceiling(0.9 * list.Count) - 1)];
                        Console.WriteLine($"| {batch} | {name} | {median:F2} | {p90:F2} | {batch * 1000 / median:F0} |");
                    }
                }
            }
            finally { File.Delete(path); }
            return 0;
        });
        return command;
    }
}
