namespace RnnZoo.Data.Sequences;

/// <summary>Keras' <c>'pre'</c> / <c>'post'</c>: where padding goes, or which end truncation removes.</summary>
public enum PaddingSide
{
    /// <summary>At the start: padding before the sequence; truncation keeps the last <c>maxlen</c> items.</summary>
    Pre,
    /// <summary>At the end: padding after the sequence; truncation keeps the first <c>maxlen</c> items.</summary>
    Post,
}
