namespace RnnZoo.Models;

/// <summary>The recurrent architectures the factory builds.</summary>
public enum RnnKind
{
    /// <summary>Elman RNN: <c>h' = act(W_ih x + b_ih + W_hh h + b_hh)</c>.</summary>
    Rnn,
    /// <summary>Long short-term memory (Hochreiter and Schmidhuber 1997), PyTorch's gate order (i, f, g, o).</summary>
    Lstm,
    /// <summary>Gated recurrent unit (Cho et al. 2014), PyTorch's form (r, z, n) with reset after the hidden product.</summary>
    Gru,
}

/// <summary>Non-linearity of the Elman RNN.</summary>
public enum Nonlinearity
{
    /// <summary>Hyperbolic tangent (the default).</summary>
    Tanh,
    /// <summary>Rectified linear unit.</summary>
    Relu,
}

/// <summary>Which implementation computes a recurrent network.</summary>
public enum RecurrentImplementation
{
    /// <summary>TorchSharp's fused <c>nn.RNN</c>/<c>nn.LSTM</c>/<c>nn.GRU</c> (libtorch kernels).</summary>
    Fused,
    /// <summary>RnnZoo's cells written from their equations, unrolled by <see cref="Layers.RecurrentLayer"/>.</summary>
    Reference,
}
