using System.CommandLine;
using RnnZoo.Experiments.Diagnostics;

namespace RnnZoo.Experiments.Commands;

/// <summary><c>rnnzoo doctor</c>: checks the set-up (<see cref="Doctor"/>); exit code 0 when all is well, 1 otherwise.</summary>
public static class DoctorCommand
{
    /// <summary>The command.</summary>
    public static Command Create()
    {
        var command = new Command("doctor",
            "Check the set-up: .NET, TorchSharp and libtorch (does it load, and if not why), libstdc++, threads, processor features, CUDA, the data cache.");
        command.SetAction(_ => Doctor.Print(Doctor.Run(), Console.Out));
        return command;
    }
}
