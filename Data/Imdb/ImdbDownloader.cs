using System.Security.Cryptography;

namespace RnnZoo.Data.Imdb;

/// <summary>Downloads the official IMDB archive into a cache directory.</summary>
public static class ImdbDownloader
{
    /// <summary>The official archive (Maas et al. 2011).</summary>
    public const string OfficialUrl = "https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz";

    /// <summary>SHA-256 of the official <c>aclImdb_v1.tar.gz</c>.</summary>
    public const string OfficialSha256 = "c40f74a18d3b61f90feba1e17730e0d38e8b97c05fde7008942e91923d1658fe";

    /// <summary>
    /// Downloads <paramref name="url"/> into <paramref name="directory"/> (default: <see cref="DataPaths.CacheDirectory"/>)
    /// unless a file with the expected checksum is already there. The data goes to a temporary file that is
    /// renamed only when complete and verified, so an interrupted or corrupt download never looks finished.
    /// </summary>
    /// <param name="url">Where to download from (default: the official archive).</param>
    /// <param name="directory">The cache directory.</param>
    /// <param name="sha256">Expected SHA-256 (hex); null skips the check (default: the official archive's, when the URL is the official one).</param>
    /// <param name="progress">Receives (bytes so far, total bytes or null).</param>
    /// <param name="client">The HTTP client (default: a new one).</param>
    /// <param name="cancellation">Stops the download (the partial file is deleted).</param>
    /// <returns>The path of the verified archive.</returns>
    /// <exception cref="InvalidDataException">The checksum does not match (the file is deleted).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached or answered with an error.</exception>
    public static async Task<string> DownloadAsync(string? url = null, string? directory = null, string? sha256 = null,
        IProgress<(long Bytes, long? Total)>? progress = null, HttpClient? client = null, CancellationToken cancellation = default)
    {
        url ??= OfficialUrl;
        if (sha256 is null && url == OfficialUrl) sha256 = OfficialSha256;
        var folder = DataPaths.CacheDirectory(directory);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, Path.GetFileName(new Uri(url).LocalPath) is { Length: > 0 } name ? name : "aclImdb_v1.tar.gz");
        if (File.Exists(target) && (sha256 is null || await HashAsync(target, cancellation) == sha256.ToLowerInvariant())) return target;

        var temporary = target + $".{Environment.ProcessId}.part";
        var ownClient = client is null;
        client ??= new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        try
        {
            using (var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellation))
            {
                response.EnsureSuccessStatusCode();
                var total = response.Content.Headers.ContentLength;
                await using var source = await response.Content.ReadAsStreamAsync(cancellation);
                await using var file = File.Create(temporary);
                var buffer = new byte[1 << 16];
                long bytes = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellation)) > 0)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellation);
                    bytes += read;
                    progress?.Report((bytes, total));
                }
                if (total is { } expected && bytes != expected)
                    throw new InvalidDataException($"Download of {url} stopped at {bytes} of {expected} bytes.");
            }
            if (sha256 is not null && await HashAsync(temporary, cancellation) is var actual && actual != sha256.ToLowerInvariant())
                throw new InvalidDataException($"Download of {url} has SHA-256 {actual}, expected {sha256.ToLowerInvariant()}: the file is corrupt or not the expected archive.");
            File.Move(temporary, target, overwrite: true);
            return target;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            if (ownClient) client.Dispose();
        }
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static async Task<string> HashAsync(string path, CancellationToken cancellation = default)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(stream, cancellation)).ToLowerInvariant();
    }
}
