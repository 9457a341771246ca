using RnnZoo.Models.Runtime;
using System.CommandLine;
using System.Text.Json;
using RnnZoo.Experiments.Bench;
using static TorchSharp.torch;

namespace RnnZoo.Experiments.Commands;

/// <summary><c>rnnzoo bench</c>: RnnZoo against a bare TorchSharp loop on the PyTorch peer's configurations.</summary>
public static class BenchCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var configs = new Argument<string[]>("config")
        {
            Description = $"Configurations to run (default: all): {string.Join(", ", BenchConfig.All.Select(c => c.Name))}.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        configs.AcceptOnlyFromAmong(BenchConfig.All.Select(c => c.Name).ToArray());
        var mode = new Option<string>("--mode") { Description = "train, infer or both.", DefaultValueFactory = _ => "both" };
        mode.AcceptOnlyFromAmong("train", "infer", "both");
        var implementation = new Option<string>("--implementation") { Description = "bare, fused, reference or all.", DefaultValueFactory = _ => "all" };
        implementation.AcceptOnlyFromAmong("bare", "fused", "reference", "all");
        var lengths = new Option<bool>("--lengths") { Description = "Padded batches with random lengths in [T/2, T] through the exact variable-length path (bare: PackedSequence)." };
        var pairedLengths = new Option<bool>("--paired-lengths")
        {
            Description = "Also time fused and reference with random lengths in [T/2, T], alternating with the full-length runs in every round, so that the exact-length ratios come from one process.",
        };
        var steps = new Option<int>("--steps") { Description = "Timed steps per measurement (the median is reported).", DefaultValueFactory = _ => 5 };
        var minSeconds = new Option<double>("--min-seconds")
        {
            Description = "Keep timing past --steps until a measurement has this many seconds of timed steps (more steps for the small configurations, whose few-millisecond steps a busy machine disturbs most).",
            DefaultValueFactory = _ => 0,
        };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before timing.", DefaultValueFactory = _ => 2 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds alternating the implementations; each times --steps steps (the median is over all).", DefaultValueFactory = _ => 1 };
        var threads = new Option<int>("--threads") { Description = "Intra-op threads of libtorch (default: libtorch's choice)." };
        var keepDenormals = new Option<bool>("--keep-denormals")
        {
            Description = "Keep denormal floats (libtorch's default) for every implementation; by default rnnzoo flushes them to zero for all alike.",
        };
        var json = new Option<FileInfo?>("--json") { Description = "Also write the results as a JSON array to this file." };
        var dtype = new Option<string>("--dtype")
        {
            Description = "float32, or bf16 (bfloat16) for inference: the models converted by LowPrecision.Convert, the bare loop's modules by to(bfloat16).",
            DefaultValueFactory = _ => "float32",
        };
        dtype.AcceptOnlyFromAmong("float32", "fp32", "bf16", "bfloat16");
        var noLimit = new Option<bool>("--no-limit") { Description = "Skip measuring the machine's matrix-product rate (GFLOP/s at the configuration's shapes and a large square)." };

        var command = new Command("bench", "Time training and inference steps of RnnZoo's models against a bare TorchSharp loop, on the PyTorch peer's shapes.")
        {
            configs, mode, implementation, lengths, pairedLengths, steps, minSeconds, warmup, rounds, threads, keepDenormals, json, dtype, noLimit,
        };
        command.SetAction(parse =>
        {
            var stepCount = parse.GetValue(steps);
            var warmupCount = parse.GetValue(warmup);
            var roundCount = parse.GetValue(rounds);
            var minimumSeconds = parse.GetValue(minSeconds);
            if (minimumSeconds is < 0 or > 600 || double.IsNaN(minimumSeconds))
            {
                Console.Error.WriteLine($"--min-seconds must be between 0 and 600, got {minimumSeconds}.");
                return 2;
            }
            if (stepCount < 1 || warmupCount < 0 || roundCount < 1)
            {
                Console.Error.WriteLine($"--steps and --rounds must be at least 1 and --warmup at least 0 (got {stepCount}, {roundCount} and {warmupCount}).");
                return 2;
            }
            if (parse.GetValue(threads) is > 0 and var n) set_num_threads(n);

            var selected = parse.GetValue(configs) is { Length: > 0 } names ? names.Select(BenchConfig.Find).ToList() : BenchConfig.All.ToList();
            var modes = parse.GetValue(mode) switch { "train" => new[] { BenchMode.Train }, "infer" => new[] { BenchMode.Infer }, _ => new[] { BenchMode.Train, BenchMode.Infer } };
            var implementations = parse.GetValue(implementation) switch
            {
                "bare" => new[] { BenchImplementation.Bare },
                "fused" => new[] { BenchImplementation.Fused },
                "reference" => new[] { BenchImplementation.Reference },
                _ => new[] { BenchImplementation.Bare, BenchImplementation.Fused, BenchImplementation.Reference },
            };
            var precision = RnnZoo.Models.Runtime.LowPrecision.ParseDtype(parse.GetValue(dtype)!);
            if (precision != ScalarType.Float32)
            {
                if (parse.GetValue(mode) == "train")
                {
                    Console.Error.WriteLine("--dtype bf16 times inference (--mode infer); training runs in float32.");
                    return 2;
                }
                modes = new[] { BenchMode.Infer };
            }
            var withLengths = parse.GetValue(lengths);
            var paired = parse.GetValue(pairedLengths);
            if (paired && withLengths)
            {
                Console.Error.WriteLine("--paired-lengths already times random lengths beside full length; give it or --lengths, not both.");
                return 2;
            }
            // What each round measures, in this order: every implementation, then (paired) fused and reference with lengths.
            var variants = implementations.Select(i => (Implementation: i, Lengths: withLengths))
                .Concat(paired ? implementations.Where(i => i != BenchImplementation.Bare).Select(i => (Implementation: i, Lengths: true)) : [])
                .ToArray();
            var flush = !parse.GetValue(keepDenormals);
            RnnZoo.Models.Runtime.Denormals.Flush(flush); // before any tensor: libtorch's worker threads are made later and inherit it

            Console.WriteLine($"# rnnzoo bench: {get_num_threads()} threads, {roundCount} round(s) of {stepCount} timed steps{(minimumSeconds > 0 ? FormattableString.Invariant($" (or more, to {minimumSeconds:G3} s)") : "")} after {warmupCount} warm-up{(withLengths ? ", random lengths in [T/2, T]" : paired ? ", full length and random lengths in [T/2, T] alternating" : "")}, denormals {(flush ? "flushed to zero" : "kept")}" +
                              (precision == ScalarType.Float32 ? "" : $", {LowPrecision.Name(precision)} (native bfloat16 products on this processor: {(LowPrecision.HasNativeBFloat16 ? "yes" : "no")})"));
            Console.WriteLine($"{"config",-14} {"mode",-6} {"implementation",-17} {"step s (median)",15} {"cpu s",8} {"samples/s",10} {"peak RSS MB",11} {"vs bare",8}");
            var results = new List<BenchResult>();
            foreach (var config in selected)
            {
                var limit = parse.GetValue(noLimit) ? null : MatmulRate.Measure(config);
                if (limit is not null)
                    Console.WriteLine(FormattableString.Invariant(
                        $"{config.Name}: matrix products {limit.Recurrent:F0} GFLOP/s at the step's [{config.Batch}, {config.Hidden}]·[{config.Hidden}, {BenchFlops.Gates(config.Kind) * config.Hidden}], {limit.Projection:F0} at the input projection's, {limit.Square:F0} at {MatmulRate.SquareSize}³; a step is {string.Join(", ", modes.Select(m => $"{m.ToString().ToLowerInvariant()} {BenchFlops.Step(config, m).Total / 1e9:F2}"))} GFLOP"));
            foreach (var m in modes)
            {
                BenchResult? bare = null;
                var measured = variants.ToDictionary(v => v, _ => new List<BenchResult>());
                for (var round = 0; round < roundCount; round++)
                    foreach (var v in variants)
                        measured[v].Add(BenchRunner.Measure(config, v.Implementation, m, v.Lengths, stepCount, warmupCount, flush, precision, minimumSeconds));
                foreach (var v in variants)
                {
                    var r = BenchRunner.Combine(measured[v], config.Batch) with { Limit = limit };
                    results.Add(r);
                    if (v.Implementation == BenchImplementation.Bare && v.Lengths == withLengths) bare = r;
                    var ratio = bare is null || v.Lengths != withLengths ? "" : $"{r.StepSecondsMedian / bare.StepSecondsMedian:F2}x";
                    Console.WriteLine($"{r.Config,-14} {r.Mode,-6} {r.Implementation + (v.Lengths ? " lengths" : ""),-17} {r.StepSecondsMedian,15:F4} {r.CpuSecondsMedian,8:F4} {r.SamplesPerSecond,10:F1} {r.PeakRssMb,11:F0} {ratio,8} {r.GflopsPerSecond,8:F1} GFLOP/s");
                }
            }
            }
            if (parse.GetValue(json) is { } file)
            {
                File.WriteAllText(file.FullName, JsonSerializer.Serialize(results, RnnZoo.Data.JsonFormat.Indented));
                Console.WriteLine($"wrote {file.FullName}");
            }
            return 0;
        });
        return command;
    }
}
