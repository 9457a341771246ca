using System.Security.Cryptography;

namespace RnnZoo.Data.Download;

/// <summary>
/// An expected file checksum written <c>algorithm:hex</c>, where the algorithm is <c>sha256</c> or <c>md5</c>
/// (the official aclImdb archive is published with an MD5 only).
/// </summary>
public sealed record Checksum(string Algorithm, string Hex)
{
    /// <summary>Parses <c>sha256:…</c> or <c>md5:…</c>; a bare 64-digit hex string is taken as SHA-256.</summary>
    public static Checksum Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var parts = text.Trim().Split(':', 2);
        var (alg, hex) = parts.Length == 2 ? (parts[0].ToLowerInvariant(), parts[1].ToLowerInvariant()) : ("sha256", parts[0].ToLowerInvariant());
        int expectedLength = alg switch
        {
            "sha256" => 64,
            "md5" => 32,
            _ => throw new FormatException($"Checksum '{text}': unknown algorithm '{alg}'; expected sha256 or md5."),
        };
        if (hex.Length != expectedLength || !hex.All(Uri.IsHexDigit))
            throw new FormatException($"Checksum '{text}': expected {expectedLength} hex digits for {alg}.");
        return new Checksum(alg, hex);
    }

    /// <summary>Computes this checksum's algorithm over <paramref name="stream"/> and returns the lower-case hex digest.</summary>
    public string Compute(Stream stream) => Convert.ToHexString(Algorithm == "md5"
        ? MD5.HashData(stream) : SHA256.HashData(stream)).ToLowerInvariant();

    /// <inheritdoc />
    public override string ToString() => $"{Algorithm}:{Hex}";
}
