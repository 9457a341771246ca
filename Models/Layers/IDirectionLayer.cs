using TorchSharp.Modules;

namespace RnnZoo.Models.Layers;

/// <summary>
/// One layer in one direction of an RNN, LSTM or GRU: the leaf that <see cref="Networks.RecurrentNetwork"/>
/// pairs (bidirectional) and stacks. Its parameters carry PyTorch's cell names, which the network suffixes
/// with <c>_l{k}</c> and <c>_reverse</c>.
/// </summary>
public interface IDirectionLayer
{
    /// <summary>The cell's parameters under their names without the layer suffix (<c>weight_ih</c>, <c>weight_hh</c>, <c>bias_ih</c>, <c>bias_hh</c>, then any of the cell's own), in the cell's order.</summary>
    IEnumerable<(string Name, Parameter Parameter)> CellParameters();
}
