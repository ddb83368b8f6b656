using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Contracts.Transfer.V1;
using P2P.Peer;
using P2P.Peer.Grpc;

namespace P2P.Tests.Unit;

public sealed class TransferGuardInterceptorTests
{
    private readonly PeerOptions _options = new() { MaxTransfersPerClient = 2 };
    private readonly ClientTransferSlots _slots;
    private readonly TransferGuardInterceptor _guard;
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    public TransferGuardInterceptorTests()
    {
        _slots = new ClientTransferSlots(Options.Create(_options));
        _guard = new TransferGuardInterceptor(_slots, Options.Create(_options), NullLogger<TransferGuardInterceptor>.Instance);
    }

    [Fact]
    public async Task An_upload_goes_through_and_frees_its_slot()
    {
        var context = new TestServerCallContext(_token);

        var response = await _guard.ClientStreamingServerHandler<UploadRequest, UploadResponse>(
            new TestAsyncStreamReader<UploadRequest>([]), context, (_, _) => Task.FromResult(new UploadResponse { FileName = "ok" }));

        Assert.Equal("ok", response.FileName);
        Assert.Equal(0, _slots.InFlight("127.0.0.1"));
    }

    [Fact]
    public async Task A_client_past_its_transfers_is_refused_while_others_and_later_calls_are_served()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Download(string peer) => _guard.ServerStreamingServerHandler<DownloadRequest, FileChunk>(
            new DownloadRequest(), new TestServerStreamWriter<FileChunk>(), new TestServerCallContext(_token, peer), (_, _, _) => hold.Task);

        var first = Download("ipv4:10.0.0.1:40001");
        var second = Download("ipv4:10.0.0.1:40002");
        var refused = await Assert.ThrowsAsync<RpcException>(() => Download("ipv4:10.0.0.1:40003"));
        var otherClient = Download("ipv4:10.0.0.2:40001");

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("max_transfers_per_client", refused.Status.Detail);
        Assert.Equal(2, _slots.InFlight("10.0.0.1"));
        Assert.Equal(1, _slots.InFlight("10.0.0.2"));
        hold.SetResult();
        await Task.WhenAll(first, second, otherClient).WaitAsync(TimeSpan.FromSeconds(10), _token);
        Assert.Equal(0, _slots.InFlight("10.0.0.1"));
        await Download("ipv4:10.0.0.1:40004").WaitAsync(TimeSpan.FromSeconds(10), _token);
    }

    [Fact]
    public async Task A_fetch_call_takes_a_slot_for_as_long_as_it_runs()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Fetch(string peer) => _guard.DuplexStreamingServerHandler<DownloadRequest, FileChunk>(
            new TestAsyncStreamReader<DownloadRequest>([]), new TestServerStreamWriter<FileChunk>(), new TestServerCallContext(_token, peer),
            (_, _, _) => hold.Task);

        var first = Fetch("ipv4:10.0.0.1:40001");
        var second = Fetch("ipv4:10.0.0.1:40002");
        var refused = await Assert.ThrowsAsync<RpcException>(() => Fetch("ipv4:10.0.0.1:40003"));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(2, _slots.InFlight("10.0.0.1"));
        hold.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10), _token);
        Assert.Equal(0, _slots.InFlight("10.0.0.1"));
    }

    [Theory]
    [InlineData("ipv4:127.0.0.1:50000", "127.0.0.1")]
    [InlineData("ipv6:[::1]:50000", "[::1]")]
    [InlineData("ipv6:[fe80::1%eth0]:443", "[fe80::1%eth0]")]
    [InlineData("unix:/tmp/socket", "/tmp/socket")]
    public void A_client_is_its_address_without_the_port(string peer, string client)
    {
        Assert.Equal(client, ClientTransferSlots.ClientOf(peer));
    }
}
