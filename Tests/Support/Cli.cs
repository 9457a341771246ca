using System.Diagnostics;
using RnnZoo.Experiments;

namespace RnnZoo.Tests.Support;

/// <summary>
/// The rnnzoo command line from tests: in this process (<see cref="Run"/>, console captured: use it from
/// [NonParallelizable] fixtures) or as a child process of the rnnzoo.dll beside the tests (<see cref="Start"/>), for
/// what needs a process of its own (locks, kills, signals).
/// </summary>
internal static class Cli
{
    private static readonly object ConsoleGate = new();

    /// <summary>Runs <c>rnnzoo ARGS</c> in this process; exit code, standard output and standard error.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        lock (ConsoleGate)
        {
            var (oldOut, oldErr) = (Console.Out, Console.Error);
            using var output = new StringWriter();
            using var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try { return (Program.Main(args), output.ToString(), error.ToString()); }
            finally { Console.SetOut(oldOut); Console.SetError(oldErr); }
        }
    }

    /// <summary>The rnnzoo.dll beside the tests.</summary>
    public static readonly string Rnnzoo = Path.Combine(AppContext.BaseDirectory, "rnnzoo.dll");

    /// <summary>A running child process of rnnzoo, its output lines gathered.</summary>
    public sealed class Child : IDisposable
    {
        private readonly List<string> _lines = new();
        private readonly Process _process;

        internal Child(IEnumerable<string> arguments, Action<string>? onLine)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Rnnzoo);
            foreach (var a in arguments) info.ArgumentList.Add(a);
            _process = new Process { StartInfo = info };
            void Add(string? line)
            {
                if (line is null) return;
                lock (_lines) _lines.Add(line);
                onLine?.Invoke(line);
            }
            _process.OutputDataReceived += (_, e) => Add(e.Data);
            _process.ErrorDataReceived += (_, e) => Add(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        /// <summary>Its process id.</summary>
        public int Id => _process.Id;
        /// <summary>Its output so far, both streams.</summary>
        public string Output { get { lock (_lines) return string.Join("\n", _lines); } }

        /// <summary>Waits for it to end (10 minutes at most); its exit code.</summary>
        public int WaitForExit()
        {
            Assert.That(_process.WaitForExit(TimeSpan.FromMinutes(10)), Is.True, "the child ended in time");
            _process.WaitForExit();
            return _process.ExitCode;
        }

        /// <summary>Ends it as kill -9 does.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        /// <summary>Sends it a signal (SIGINT 2, SIGTERM 15), as Ctrl+C or kill do.</summary>
        public void Signal(int signal)
        {
            using var kill = Process.Start("kill", $"-{signal} {_process.Id}")!;
            kill.WaitForExit();
        }

        /// <inheritdoc />
        public void Dispose()
        {
            if (!_process.HasExited) Kill();
            _process.Dispose();
        }
    }

    /// <summary>Starts <c>dotnet rnnzoo.dll ARGS</c>.</summary>
    public static Child Start(IEnumerable<string> arguments, Action<string>? onLine = null)
    {
        Assume.That(File.Exists(Rnnzoo), Is.True, "rnnzoo.dll beside the tests");
        return new Child(arguments, onLine);
    }

    /// <summary>Runs a child to its end; exit code and output.</summary>
    public static (int Code, string Output) RunChild(params string[] arguments)
    {
        using var child = Start(arguments);
        var code = child.WaitForExit();
        return (code, child.Output);
    }

    /// <summary>SHA-256 of every file under <paramref name="folder"/> by relative path: what "nothing changed" compares.</summary>
    public static Dictionary<string, string> Hashes(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));
}
