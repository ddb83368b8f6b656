using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using P2P.Contracts.Files;
using P2P.Contracts.Security;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Grpc;
using P2P.Connections;

namespace P2P.Tests.Unit;

/// <summary>
/// A partial holder's transfer service behind a real gRPC server on the TLS port, called by a member over the network
/// stack (issue 28 items 1 and 2): it serves a verified chunk, refuses an unverified one, and its Watch stream follows
/// the shelf, with the caller recorded under the fingerprint it proved on its connection.
/// </summary>
public sealed class Issue28PartialServingGrpcTests
{
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_member_gets_verified_chunks_not_found_for_the_others_and_a_watch_that_matches_the_shelf()
    {
        var content = new byte[3 * ChunkLayout.ChunkSize];
        new Random(28).NextBytes(content);
        using var peer = new TransferTestPeer(serviceTime: TimeProvider.System);
        var entry = peer.PutPartial("big.bin", content, 0);
        var sha256 = entry.Manifest.Sha256;
        var server = TestMembers.Holding();
        await using var host = await LoopbackServer.StartAsync(
            HttpProtocols.Http2, services => services.AddGrpc().Services.AddSingleton(peer.Service), app => app.MapGrpcService<FileTransferService>(),
            _token, server);
        var caller = TestMembers.Holding();
        using var channels = new PeerChannels(caller, TimeProvider.System);
        var client = new FileTransfer.FileTransferClient(channels.For(host.Url, server.Identity.Fingerprint));

        var manifest = await client.GetManifestAsync(new GetManifestRequest { FileName = "big.bin", Sha256 = sha256 }, cancellationToken: _token);
        using var watch = client.Watch(
            new WatchRequest { FileName = "big.bin", Sha256 = sha256, GrpcUrl = "https://127.0.0.1:7999" }, cancellationToken: _token);
        var bitfield = await NextAsync(watch);
        var watcher = Assert.Single(peer.Watching.Of(sha256));
        var first = await ReadAsync(client, sha256, 0);
        var refused = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(client, sha256, 1));
        await File.WriteAllBytesAsync(entry.PartialPath, content, _token);
        entry.Verified(1);
        var have = await NextAsync(watch);
        var second = await ReadAsync(client, sha256, 1);
        entry.Dispose();
        var ended = !await watch.ResponseStream.MoveNext(_token).WaitAsync(TimeSpan.FromSeconds(10), _token);

        Assert.True(manifest.Partial);
        Assert.Equal([0b1000_0000], bitfield.Bitfield.ToByteArray());
        Assert.Equal(Fingerprint.Of(caller.Identity.Certificate), watcher.Fingerprint);
        Assert.Equal(content.AsSpan(0, ChunkLayout.ChunkSize).ToArray(), first);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Equal([1], have.Have);
        Assert.Equal(content.AsSpan(ChunkLayout.ChunkSize, ChunkLayout.ChunkSize).ToArray(), second);
        Assert.True(ended);
        Assert.Empty(peer.Watching.Of(sha256));
    }

    private async Task<Availability> NextAsync(AsyncServerStreamingCall<Availability> watch)
    {
        Assert.True(await watch.ResponseStream.MoveNext(_token).WaitAsync(TimeSpan.FromSeconds(10), _token));
        return watch.ResponseStream.Current;
    }

    private async Task<byte[]> ReadAsync(FileTransfer.FileTransferClient client, string sha256, int chunk)
    {
        using var call = client.Download(
            new DownloadRequest { FileName = "big.bin", Sha256 = sha256, Offset = ChunkLayout.OffsetOf(chunk), Length = ChunkLayout.ChunkSize },
            deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30), cancellationToken: _token);
        var bytes = new List<byte>();
        while (await call.ResponseStream.MoveNext(_token))
        {
            bytes.AddRange(call.ResponseStream.Current.Data.ToByteArray());
        }
        return [.. bytes];
    }
}
