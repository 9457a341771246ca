namespace RnnZoo.Data.Imdb;

/// <summary>What <see cref="AclImdbReader.Read"/> found.</summary>
/// <param name="Source">The directory or archive read.</param>
/// <param name="Reviews">The valid labelled reviews: train before test, neg before pos, then by id.</param>
/// <param name="Skipped">The invalid files skipped (empty unless skipping was asked for).</param>
public sealed record ImdbReadResult(string Source, IReadOnlyList<ImdbReview> Reviews, IReadOnlyList<InvalidReviewFile> Skipped);
