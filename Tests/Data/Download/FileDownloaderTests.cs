using System.Security.Cryptography;
using RnnZoo.Data;
using RnnZoo.Data.Download;
using RnnZoo.Data.Imdb;
using RnnZoo.Tests.Data.Imdb;

namespace RnnZoo.Tests.Data.Download;

[CancelAfter(30_000)]
public class FileDownloaderTests
{
    private ImdbFixture _fx = null!;
    private byte[] _archive = null!;

    [OneTimeSetUp]
    public void Setup()
    {
        _fx = new ImdbFixture();
        _archive = File.ReadAllBytes(_fx.Archive);
    }

    [OneTimeTearDown] public void TearDown() => _fx.Dispose();

    private static HttpClient Client() => new() { Timeout = TimeSpan.FromSeconds(10) };

    private LocalHttpServer Serve(byte[] body, long? announcedLength = null, int status = 200) => new(async ctx =>
    {
        ctx.Response.StatusCode = status;
        if (status != 200) return;
        ctx.Response.ContentLength64 = announcedLength ?? body.Length;
        await ctx.Response.OutputStream.WriteAsync(body);
        if (announcedLength > body.Length) ctx.Response.Abort();
    });

    [Test]
    public async Task Download_FromLocalServer_ChecksumMatches_FileLoads()
    {
        using var server = Serve(_archive);
        var cache = Path.Combine(_fx.Root, "dl-" + Guid.NewGuid().ToString("N"));
        var reports = new List<DownloadProgress>();
        var sha = Convert.ToHexString(SHA256.HashData(_archive)).ToLowerInvariant();
        using var client = Client();
        var path = await ImdbDownloader.DownloadAsync(cache, new Uri(server.BaseUrl, "aclImdb_v1.tar.gz"), Checksum.Parse("sha256:" + sha),
            new SyncProgress(reports.Add), client);
        Assert.That(path, Is.EqualTo(Path.Combine(cache, "imdb", "aclImdb_v1.tar.gz")));
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(_archive));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1), "no .partial file is left");
        Assert.That(reports[^1], Is.EqualTo(new DownloadProgress(_archive.Length, _archive.Length)));
        Assert.That(ImdbDataset.Load(path, useCache: false).Train.Count, Is.EqualTo(4));
    }

    [Test]
    public async Task WrongChecksum_DiscardsTheFile()
    {
        using var server = Serve(_archive);
        var dir = Path.Combine(_fx.Root, "dl-" + Guid.NewGuid().ToString("N"));
        using var client = Client();
        var wrong = Checksum.Parse("md5:" + new string('0', 32));
        var e = Assert.ThrowsAsync<InvalidDataException>(() => FileDownloader.DownloadAsync(server.BaseUrl, dir, "a.tar.gz", wrong, null, client));
        Assert.That(e!.Message, Does.Contain("md5").And.Contain("discarded"));
        Assert.That(Directory.GetFiles(dir), Is.Empty);
        await Task.CompletedTask;
    }

    [Test]
    public void TruncatedTransfer_LeavesNoFile()
    {
        using var server = Serve(_archive[..100], announcedLength: _archive.Length);
        var dir = Path.Combine(_fx.Root, "dl-" + Guid.NewGuid().ToString("N"));
        using var client = Client();
        Assert.That(() => FileDownloader.DownloadAsync(server.BaseUrl, dir, "a.tar.gz", null, null, client), Throws.Exception);
        Assert.That(Directory.GetFiles(dir), Is.Empty);
    }

    [Test]
    public void HttpError_IsReported()
    {
        using var server = Serve([], status: 404);
        var dir = Path.Combine(_fx.Root, "dl-" + Guid.NewGuid().ToString("N"));
        using var client = Client();
        var e = Assert.ThrowsAsync<HttpRequestException>(() => FileDownloader.DownloadAsync(server.BaseUrl, dir, "a.tar.gz", null, null, client));
        Assert.That(e!.Message, Does.Contain("404"));
    }

    [Test]
    public void CacheRoot_OptionThenEnvironmentThenDefault()
    {
        var saved = Environment.GetEnvironmentVariable(DataDirectories.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataDirectories.EnvironmentVariable, "/tmp/from-env");
            Assert.That(DataDirectories.ResolveCacheRoot("/tmp/explicit"), Is.EqualTo("/tmp/explicit"));
            Assert.That(DataDirectories.ResolveCacheRoot(), Is.EqualTo("/tmp/from-env"));
            Environment.SetEnvironmentVariable(DataDirectories.EnvironmentVariable, null);
            Assert.That(DataDirectories.ResolveCacheRoot(), Does.EndWith("rnnzoo"));
        }
        finally { Environment.SetEnvironmentVariable(DataDirectories.EnvironmentVariable, saved); }
    }

    [Test]
    public void Checksum_ParsesAndRefusesBadInput()
    {
        Assert.That(ImdbDownloader.OfficialChecksum.ToString(), Is.EqualTo("sha256:c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe"));
        Assert.That(Checksum.Parse("MD5:7C2AC02C03563AFCF9B574C7E56C153A").ToString(), Is.EqualTo("md5:7c2ac02c03563afcf9b574c7e56c153a"), "algorithm and hex normalised");
        Assert.That(() => Checksum.Parse("crc:00"), Throws.InstanceOf<FormatException>());
        Assert.That(() => Checksum.Parse("sha256:abc"), Throws.InstanceOf<FormatException>());
    }

    // Progress<T> posts to the thread pool; the test wants the reports in order, now.
    private sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => report(value);
    }
}
