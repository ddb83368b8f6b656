namespace P2P.Tests.Integration;

/// <summary>
/// The network for <see cref="TransferFaultTests"/>: the usual one, with a small upload quota to run into.
/// </summary>
public sealed class TransferFaultFixture : AppHostFixture
{
    public const int MaxUploadBytes = 8 * 1024 * 1024;

    protected override IEnumerable<string> ExtraArgs => [$"--Peer:max_upload_bytes={MaxUploadBytes}"];
}
