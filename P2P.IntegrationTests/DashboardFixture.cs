namespace P2P.Tests.Integration;

/// <summary>
/// An app of its own for the dashboard's commands, which pause heartbeats, empty the directory and start the late
/// joiner. The watcher's debounce is long, so a file registers at once only when the rescan command registers it.
/// </summary>
public sealed class DashboardFixture : AppHostFixture
{
    public const string LateJoinerFile = "solo-p4.txt";
    public const string LateJoinerContent = "only on the late joiner";

    protected override IEnumerable<string> ExtraArgs => ["--Peer:rescan_debounce_ms=60000"];

    protected override void PrepareSharedFolders() => Write(LateJoiner, LateJoinerFile, LateJoinerContent);
}
