using System.CommandLine;
using RnnZoo.Experiments.Bench;

namespace RnnZoo.Experiments.Commands;

/// <summary><c>rnnzoo bench-report</c>: bench.md and a ratio chart from bench JSON files and the peer's output.</summary>
public static class BenchReportCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var inputs = new Argument<FileInfo[]>("bench-json") { Description = "Files written by 'rnnzoo bench --json'.", Arity = ArgumentArity.OneOrMore };
        var peer = new Option<FileInfo?>("--peer") { Description = "JSON lines printed by shared/peer/pytorch_peer.py (optional)." };
        var output = new Option<FileInfo>("--out") { Description = "Markdown report to write.", DefaultValueFactory = _ => new FileInfo("bench.md") };
        var chart = new Option<FileInfo>("--chart") { Description = "Bar chart (PNG) of the ratios to write.", DefaultValueFactory = _ => new FileInfo("bench.png") };
        var header = new Option<string>("--header") { Description = "Text under the report's title (machine, command).", DefaultValueFactory = _ => "" };
        var command = new Command("bench-report", "Write bench.md (every result and ratio against its target) and a bar chart from bench results.")
        {
            inputs, peer, output, chart, header,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetValue(inputs)!;
            foreach (var f in files.Where(f => !f.Exists))
            {
                Console.Error.WriteLine($"no bench results at '{f.FullName}': run 'rnnzoo bench --json {f.Name}' first.");
                return 1;
            }
            var bench = BenchReport.ReadBench(files.Select(f => f.FullName));
            var peerResults = BenchReport.ReadPeer(parse.GetValue(peer)?.FullName);
            BenchReport.WriteMarkdown(parse.GetValue(output)!.FullName, bench, peerResults, parse.GetValue(header) ?? "");
            BenchReport.WriteChart(parse.GetValue(chart)!.FullName, BenchReport.Ratios(bench, peerResults));
            Console.WriteLine($"wrote {parse.GetValue(output)!.FullName} and {parse.GetValue(chart)!.FullName}");
            return 0;
        });
        return command;
    }
}
