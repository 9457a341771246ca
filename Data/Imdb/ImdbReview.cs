namespace RnnZoo.Data.Imdb;

/// <summary>Which half of the official split a review belongs to.</summary>
public enum ImdbSplit
{
    /// <summary>The 25,000 training reviews.</summary>
    Train,
    /// <summary>The 25,000 test reviews.</summary>
    Test,
}

/// <summary>One labelled review of the Large Movie Review Dataset.</summary>
/// <param name="Split">train or test.</param>
/// <param name="Label">1 positive (rating 7-10), 0 negative (rating 1-4).</param>
/// <param name="Rating">Star rating from the file name <c>&lt;id&gt;_&lt;rating&gt;.txt</c>.</param>
/// <param name="Id">Review id from the file name.</param>
/// <param name="Text">The review as written (with its HTML line breaks).</param>
public sealed record ImdbReview(ImdbSplit Split, int Label, int Rating, int Id, string Text);
