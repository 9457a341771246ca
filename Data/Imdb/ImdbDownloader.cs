using RnnZoo.Data.Download;

namespace RnnZoo.Data.Imdb;

/// <summary>Fetches the official <c>aclImdb_v1.tar.gz</c> (84 MB) into the data cache folder.</summary>
public static class ImdbDownloader
{
    /// <summary>The official archive.</summary>
    public static readonly Uri OfficialUrl = new("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz");

    /// <summary>
    /// SHA-256 of the official archive, as pinned by several independent loaders of it (Julia's MLDatasets, Rust and Go
    /// IMDB crates, data-pipeline scripts that run <c>sha256sum --check</c> on it).
    /// </summary>
    public static readonly Checksum OfficialChecksum = Checksum.Parse("sha256:c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe");

    /// <summary>File name of the archive in the cache folder.</summary>
    public const string FileName = "aclImdb_v1.tar.gz";

    /// <summary>
    /// Downloads the archive to <c>{cache root}/imdb/aclImdb_v1.tar.gz</c> unless it is already there, and returns its path,
    /// which <see cref="ImdbDataset.Load"/> accepts.
    /// </summary>
    /// <param name="cacheDirectory">Cache root; null resolves it with <see cref="DataDirectories.ResolveCacheRoot"/>.</param>
    /// <param name="url">Source; null for <see cref="OfficialUrl"/>.</param>
    /// <param name="expected">Checksum; null for <see cref="OfficialChecksum"/> when the URL is the official one, else no check.</param>
    /// <param name="progress">Progress receiver.</param>
    /// <param name="client">HTTP client; null creates one.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static Task<string> DownloadAsync(string? cacheDirectory = null, Uri? url = null, Checksum? expected = null,
        IProgress<DownloadProgress>? progress = null, HttpClient? client = null, CancellationToken cancellationToken = default)
    {
        url ??= OfficialUrl;
        expected ??= url == OfficialUrl ? OfficialChecksum : null;
        var folder = Path.Combine(DataDirectories.ResolveCacheRoot(cacheDirectory), "imdb");
        return FileDownloader.DownloadAsync(url, folder, FileName, expected, progress, client, cancellationToken);
    }
}
