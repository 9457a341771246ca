namespace RnnZoo.Data.Imdb;

/// <summary>A file in a review folder (<c>aclImdb/{train,test}/{pos,neg}/</c>) that is not a valid review.</summary>
/// <param name="Path">Where it is: relative to the aclImdb directory (<c>train/pos/0_3.txt</c>), or the archive entry's name.</param>
/// <param name="Problem">What is wrong, in plain words (e.g. <c>rating 3 contradicts its folder pos, which holds ratings 7-10</c>).</param>
public sealed record InvalidReviewFile(string Path, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path} ({Problem})";
}
