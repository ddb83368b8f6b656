using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using P2P.Connections;
using P2P.Contracts;
using P2P.Contracts.Peers;
using P2P.Contracts.Security;
using P2P.Peer.Discovery;

namespace P2P.Tests.Unit;

/// <summary>A lookup whose primary friend is down reads, in one trace, as an error span on the primary and then the backup's hop.</summary>
public sealed class FailoverTracingTests : IDisposable
{
    private readonly ServiceTraces _traces = new();
    private readonly TransferTestPeer _asker = new("P1");
    private readonly TransferTestPeer _backup = new("P3");
    private readonly DiscoveryKit _askerKit;
    private readonly DiscoveryKit _backupKit;

    public FailoverTracingTests()
    {
        _askerKit = new DiscoveryKit(_asker);
        _backupKit = new DiscoveryKit(_backup);
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_failed_primary_is_an_error_span_followed_by_the_backups_hop_in_the_same_trace()
    {
        var file = $"failover-{Guid.NewGuid():N}.txt";
        await _backup.ShareAsync(file, "held by the backup"u8.ToArray(), Token);
        using var channels = new PeerChannels(TestMembers.Holding(), TimeProvider.System);
        var friends = new FriendClient(channels, NullLogger<FriendClient>.Instance);
        var backupHandler = _backupKit.Handler(friends);
        await using var backup = await LoopbackServer.StartAsync(HttpProtocols.Http1AndHttp2,
            services => services.AddRouting().ConfigureHttpJsonOptions(o => SnakeCaseJson.Apply(o.SerializerOptions)),
            app => app.MapPost(PeerRoutes.Query, async (FriendQuery query, CancellationToken ct) =>
                Results.Json(await backupHandler.HandleAsync(query, ct), SnakeCaseJson.Options)),
            Token, TestMembers.Holding());
        // Nothing listens on the discard port: the primary refuses the connection.
        _asker.Options.FriendPeerPrimary = "http://127.0.0.1:9";
        _asker.Options.FriendPeerBackup = backup.Url;

        var answer = await _askerKit.Handler(friends).StartAsync(file, Token);

        Assert.Equal(QueryOutcome.Found, answer.Outcome);
        var origin = Assert.Single(
            _traces.Log.Snapshot(), a => a.DisplayName.StartsWith("hop P1: ", StringComparison.Ordinal) && Equals(a.GetTagItem("p2p.file"), file));
        var trace = _traces.Log.Snapshot().Where(a => a.TraceId == origin.TraceId).ToList();
        // The first call to a friend proves membership: a dead primary fails there, before the query is sent to it.
        var primary = Assert.Single(trace, a => a.DisplayName == $"POST {MembershipRoutes.Challenge}"
            && $"{a.GetTagItem("url.full")}".StartsWith("http://127.0.0.1:9/", StringComparison.Ordinal));
        Assert.Equal(ActivityStatusCode.Error, primary.Status);
        var backupHop = Assert.Single(trace, a => a.DisplayName.StartsWith("hop P3: ", StringComparison.Ordinal));
        Assert.Equal("found", backupHop.GetTagItem("p2p.result"));
        Assert.True(backupHop.StartTimeUtc >= primary.StartTimeUtc + primary.Duration, "the backup is asked once the primary has failed");
        Assert.EndsWith("hops left", origin.DisplayName, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _askerKit.Dispose();
        _backupKit.Dispose();
        _asker.Dispose();
        _backup.Dispose();
        _traces.Dispose();
    }
}
