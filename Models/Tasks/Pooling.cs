namespace RnnZoo.Models.Tasks;

/// <summary>How a classifier turns the recurrent outputs <c>[batch, time, features]</c> into one vector per sequence.</summary>
public enum Pooling
{
    /// <summary>The output at the last valid step (for a bidirectional network: forward at the last step, backward at the first,
    /// i.e. each direction after reading the whole sequence; Keras' return_sequences=False).</summary>
    Last,
    /// <summary>Mean over the valid steps.</summary>
    Mean,
    /// <summary>Element-wise maximum over the valid steps.</summary>
    Max,
}
