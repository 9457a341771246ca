using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace RnnZoo.Models.Cells;

/// <summary>Creation of the PyTorch-layout parameters shared by the RNN, LSTM and GRU cells.</summary>
internal static class CellParameters
{
    /// <summary>
    /// <c>weight_ih [gates*H, I]</c>, <c>weight_hh [gates*H, H]</c>, biases <c>[gates*H]</c>, all U(-k, k) with
    /// k = 1/sqrt(H): PyTorch's <c>RNNBase.reset_parameters</c>.
    /// </summary>
    public static (Parameter weightIh, Parameter weightHh, Parameter? biasIh, Parameter? biasHh) Create(
        int inputSize, int hiddenSize, int gates, bool bias)
    {
        var k = 1.0 / Math.Sqrt(hiddenSize);
        Parameter Uniform(params long[] shape) => new(empty(shape).uniform_(-k, k));
        var rows = (long)gates * hiddenSize;
        return (Uniform(rows, inputSize), Uniform(rows, hiddenSize),
                bias ? Uniform(rows) : null, bias ? Uniform(rows) : null);
    }

    /// <summary><c>b_ih + b_hh</c>, added once to the input projection instead of twice per step.</summary>
    public static Tensor? SumBiases(Tensor? biasIh, Tensor? biasHh) =>
        biasIh is null ? biasHh : biasHh is null ? biasIh : biasIh + biasHh;
}
