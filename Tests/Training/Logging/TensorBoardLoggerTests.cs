using RnnZoo.Tests.Support;
using RnnZoo.Training;
using Tensorboard;

namespace RnnZoo.Tests.Training.Logging;

/// <summary>The TensorBoard callback's event file, read back record by record (TFRecord framing, Event protos).</summary>
[TestFixture]
public class TensorBoardLoggerTests : TempFolderTests
{
    // TFRecord: uint64 length, uint32 masked CRC of the length, the bytes, uint32 masked CRC of the bytes.
    private static List<Event> ReadEvents(string folder)
    {
        var events = new List<Event>();
        foreach (var file in Directory.GetFiles(folder, "events.out.tfevents.*").Order())
        {
            using var reader = new BinaryReader(File.OpenRead(file));
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                var length = reader.ReadUInt64();
                reader.ReadUInt32();
                events.Add(Event.Parser.ParseFrom(reader.ReadBytes(checked((int)length))));
                reader.ReadUInt32();
            }
        }
        return events;
    }

    [Test]
    public void EventFile_HoldsEveryLoggedValuePerEpoch_AndHistograms()
    {
        var (train, validation) = TrainingFixtures.SumTask(count: 64);
        var logDir = Path.Combine(Dir, "tensorboard");
        FitResult result;
        using (var trainer = new Trainer(TrainingFixtures.SumClassifier(), new FitOptions(3, LossKind.CrossEntropy, Progress: ProgressMode.None, TensorBoardDirectory: logDir)))
            result = trainer.Fit(train, validation);

        var scalars = ReadEvents(logDir).Where(e => e.Summary is not null)
            .SelectMany(e => e.Summary.Value.Select(v => (Step: e.Step, v.Tag, Value: v.SimpleValue, v.Histo))).ToList();
        foreach (var record in result.History)
        {
            foreach (var (name, value) in record.Values())
            {
                var logged = scalars.Where(s => s.Tag == name && s.Step == record.Epoch && s.Histo is null).ToList();
                Assert.That(logged, Has.Count.EqualTo(1), $"{name} at epoch {record.Epoch}");
                Assert.That(logged[0].Value, Is.EqualTo((float)value), $"{name} at epoch {record.Epoch}");
            }
        }
        Assert.That(scalars.Select(s => s.Tag), Does.Contain("val_accuracy").And.Contain("lr").And.Contain("grad_norm"));
        var histograms = scalars.Where(s => s.Histo is not null).ToList();
        Assert.That(histograms.Select(h => h.Tag).Distinct(), Does.Contain("weights/encoder.weight_ih_l0").And.Contain("gradients/head.weight"));
        var headWeights = histograms.Single(h => h.Tag == "weights/head.weight" && h.Step == 3).Histo;
        Assert.That(headWeights.Num, Is.EqualTo(3 * 16), "one count per element of the [3, 16] head");
    }
}
