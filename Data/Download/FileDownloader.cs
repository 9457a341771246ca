namespace RnnZoo.Data.Download;

/// <summary>
/// Downloads a file into a folder: streamed to <c>name.partial</c>, checked against the expected checksum,
/// and renamed to its final name only when complete and correct, so an interrupted or corrupt download
/// never looks like a finished one. A file already present with the right checksum is not fetched again.
/// </summary>
public static class FileDownloader
{
    /// <summary>Downloads <paramref name="url"/> to <c>Path.Combine(directory, fileName)</c> and returns that path.</summary>
    /// <param name="url">Source address.</param>
    /// <param name="directory">Target folder (created when missing).</param>
    /// <param name="fileName">Final file name.</param>
    /// <param name="expected">Expected checksum, or null to skip the check.</param>
    /// <param name="progress">Receives progress about every 1 MiB and at the end.</param>
    /// <param name="client">HTTP client to use; null creates one.</param>
    /// <param name="cancellationToken">Cancels the transfer; the partial file is deleted.</param>
    /// <exception cref="InvalidDataException">The download is shorter than announced or its checksum differs.</exception>
    /// <exception cref="HttpRequestException">The server answered with an error status or could not be reached.</exception>
    public static async Task<string> DownloadAsync(
        Uri url, string directory, string fileName, Checksum? expected = null,
        IProgress<DownloadProgress>? progress = null, HttpClient? client = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        Directory.CreateDirectory(directory);
        var target = Path.Combine(directory, fileName);
        if (File.Exists(target) && (expected is null || Matches(target, expected))) return target;

        var partial = target + ".partial";
        var ownClient = client is null;
        client ??= new HttpClient();
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"Download of {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            long? total = response.Content.Headers.ContentLength;
            long received = 0, lastReport = 0;
            await using (var input = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
            await using (var output = File.Create(partial))
            {
                var buffer = new byte[81920];
                int n;
                while ((n = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                    received += n;
                    if (received - lastReport >= 1 << 20) { progress?.Report(new DownloadProgress(received, total)); lastReport = received; }
                }
            }
            progress?.Report(new DownloadProgress(received, total));
            if (total is { } t && received != t)
                throw new InvalidDataException($"Download of {url} is incomplete: received {received} of {t} bytes.");
            if (expected is not null)
            {
                string actual;
                await using (var check = File.OpenRead(partial)) actual = expected.Compute(check);
                if (actual != expected.Hex)
                    throw new InvalidDataException($"Download of {url} has {expected.Algorithm} {actual}, expected {expected.Hex}; the file was discarded.");
            }
            File.Move(partial, target, overwrite: true);
            return target;
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
            if (ownClient) client.Dispose();
        }
    }

    private static bool Matches(string path, Checksum expected)
    {
        using var s = File.OpenRead(path);
        return expected.Compute(s) == expected.Hex;
    }
}
