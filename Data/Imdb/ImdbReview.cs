namespace RnnZoo.Data.Imdb;

/// <summary>Which official split a review belongs to.</summary>
public enum ImdbSplitName
{
    /// <summary><c>aclImdb/train</c>.</summary>
    Train,
    /// <summary><c>aclImdb/test</c>.</summary>
    Test,
}

/// <summary>One labelled review of the Large Movie Review Dataset, as stored in <c>aclImdb/{split}/{pos,neg}/{Id}_{Rating}.txt</c>.</summary>
/// <param name="Split">Official split.</param>
/// <param name="Label">1 for <c>pos</c>, 0 for <c>neg</c>.</param>
/// <param name="Id">Number before the underscore in the file name.</param>
/// <param name="Rating">Star rating after the underscore (1-4 negative, 7-10 positive).</param>
/// <param name="Text">Raw review text (UTF-8 decoded).</param>
public sealed record ImdbReview(ImdbSplitName Split, int Label, int Id, int Rating, string Text);
