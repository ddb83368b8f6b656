using P2P.Connections;
using P2P.Transfer;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 27 item 1: how a node dials another is its own project, which the engine, the Maestro and friend clients and
/// the CLI use; the engine keeps none of it (the CLI's walk in <see cref="CliDependencyTests"/> covers its references).
/// </summary>
public sealed class Issue27Item1ConnectionsTests
{
    [Fact]
    public void The_engine_has_no_networking_of_its_own()
    {
        var engine = typeof(FileDownload).Assembly;

        Assert.DoesNotContain(engine.GetTypes(), t => t.Namespace?.StartsWith("P2P.Transfer.Connections", StringComparison.Ordinal) == true);
        Assert.All(
            [typeof(NodeConnection), typeof(PeerChannels), typeof(ServerPin), typeof(ReadAheadStream), typeof(ConnectionsStartup)],
            t => Assert.Equal("P2P.Connections", t.Assembly.GetName().Name));
    }
}
