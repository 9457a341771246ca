using RnnZoo.Data;
using RnnZoo.Data.Imdb;
using RnnZoo.Tests.Data.Imdb;
using RnnZoo.Training.Experiments;

namespace RnnZoo.Tests.Training.Experiments;

[NonParallelizable] // sets RNNZOO_DATA so that the token cache goes to the fixture's folder
public sealed class DataPreparationTests
{
    [Test]
    public void ImdbData_SkipInvalid_LeavesOutTheFileAndSaysSo_ElseTheRunIsRefused()
    {
        using var fx = new ImdbFixture([("train/pos/5_2.txt", "A fine film"u8.ToArray())]);
        var before = Environment.GetEnvironmentVariable(DataDirectories.EnvironmentVariable);
        Environment.SetEnvironmentVariable(DataDirectories.EnvironmentVariable, fx.Cache);
        try
        {
            var strict = Assert.Throws<InvalidReviewFilesException>(() => DataPreparation.Prepare(new ImdbData(NumWords: 50, MaxLen: 20), 2, 0, fx.Archive))!;
            Assert.That(strict.Files.Select(f => f.Path), Is.EqualTo(new[] { "aclImdb/train/pos/5_2.txt" }));

            var data = DataPreparation.Prepare(new ImdbData(NumWords: 50, MaxLen: 20, SkipInvalid: true), 2, 0, fx.Archive);
            Assert.That(data.Description, Does.Contain("skipped 1 invalid review file: aclImdb/train/pos/5_2.txt (rating 2 contradicts"));
            // The fixture's four training reviews, 20% of them validation, and none of the invalid one.
            Assert.That(data.Train.SampleCount + data.Validation.SampleCount, Is.EqualTo(4));
        }
        finally { Environment.SetEnvironmentVariable(DataDirectories.EnvironmentVariable, before); }
    }
}
