namespace RnnZoo.Models.Layers;

/// <summary>How <see cref="Bidirectional"/> combines the forward and backward outputs (Keras' merge_mode).</summary>
public enum MergeMode
{
    /// <summary>Concatenate along features: output size 2H (the default; what PyTorch's bidirectional modules do).</summary>
    Concat,
    /// <summary>Element-wise sum.</summary>
    Sum,
    /// <summary>Element-wise product.</summary>
    Mul,
    /// <summary>Element-wise mean.</summary>
    Average,
}
