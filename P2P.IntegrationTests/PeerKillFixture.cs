namespace P2P.Tests.Integration;

/// <summary>
/// The network for <see cref="PeerKillTests"/>, whose peers are killed: its own app, so no other class sees a peer
/// missing. Each peer serves at most <see cref="ServeBytesPerSecond"/>, so a download of a few MiB lasts seconds and a
/// kill lands in the middle of it.
/// </summary>
public sealed class PeerKillFixture : AppHostFixture
{
    public const int ServeBytesPerSecond = 2 * 1024 * 1024;

    protected override IEnumerable<string> ExtraArgs => [$"--Peer:serve_bytes_per_second={ServeBytesPerSecond}"];
}
