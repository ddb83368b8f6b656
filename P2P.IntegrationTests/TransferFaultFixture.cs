namespace P2P.Tests.Integration;

/// <summary>
/// The network for <see cref="TransferFaultTests"/>: the usual one, with a small upload quota to run into, and peers
/// that serve at most <see cref="ServeBytesPerSecond"/>, so that a test's misbehaving source (in the test process,
/// uncapped) is asked for chunks and answers before the real peers alone could finish the file.
/// </summary>
public sealed class TransferFaultFixture : AppHostFixture
{
    public const int MaxUploadBytes = 8 * 1024 * 1024;

    /// <summary>8 MiB/s: a test's file of 8–15 MiB takes the real peers 1–2 s, time the fake needs on a loaded machine.</summary>
    public const int ServeBytesPerSecond = 8 * 1024 * 1024;

    protected override IEnumerable<string> ExtraArgs =>
        [$"--Peer:max_upload_bytes={MaxUploadBytes}", $"--Peer:serve_bytes_per_second={ServeBytesPerSecond}"];
}
