namespace RnnZoo.Data.Imdb;

/// <summary>
/// The IMDB data holds review files that are not valid (see <see cref="AclImdbReader.Read"/>): the message is one line
/// naming the first few, their count and how to skip them (<see cref="ImdbOptions.SkipInvalid"/>, <c>--skip-invalid</c>).
/// An <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), like every other bad-data-file error of the readers.
/// </summary>
public sealed class InvalidReviewFilesException : IOException
{
    /// <summary>How many files the message names; the count covers the rest.</summary>
    public const int Named = 5;

    /// <summary>Creates the exception for <paramref name="files"/> (at least one) found in <paramref name="source"/>.</summary>
    public InvalidReviewFilesException(string source, IReadOnlyList<InvalidReviewFile> files) : base(Describe(source, files))
    {
        DataSource = source;
        Files = files;
    }

    /// <summary>The directory or archive read.</summary>
    public string DataSource { get; }

    /// <summary>Every invalid file, in the reader's order (split, label, name).</summary>
    public IReadOnlyList<InvalidReviewFile> Files { get; }

    /// <summary>One line: the count, the first <see cref="Named"/> files with their problem, and the remedy.</summary>
    public static string Describe(string source, IReadOnlyList<InvalidReviewFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0) throw new ArgumentException("No invalid file to describe.", nameof(files));
        return $"{files.Count} invalid review file{(files.Count == 1 ? "" : "s")} in '{source}': {List(files)}. " +
               "Fix or remove them, or skip them (--skip-invalid; \"skip_invalid\": true in an experiment file's data; ImdbOptions.SkipInvalid in code).";
    }

    /// <summary>The first <see cref="Named"/> files with their problem, then how many more.</summary>
    public static string List(IReadOnlyList<InvalidReviewFile> files) =>
        string.Join("; ", files.Take(Named)) + (files.Count > Named ? $"; and {files.Count - Named} more" : "");
}
