using Grpc.Core;
using P2P.Contracts.Files;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Swarm;

namespace P2P.Tests.Unit;

/// <summary>
/// Upload slots as the transfer service applies them (issue 28 item 5): a downloader past the slots is told "busy" at
/// once, a holder's call ends "slot rotated" at a range boundary once a waiter has waited its turn, and Watch takes no slot.
/// </summary>
public sealed class Issue28Item5SlotServingTests : FileTransferServiceTestBase
{
    private const string Holder = "ipv4:10.0.0.1:4000";
    private const string Other = "ipv4:10.0.0.2:4000";
    private readonly byte[] _content = RandomBytes(MultiChunkSize);

    public Issue28Item5SlotServingTests() => Peer.Swarm.UploadSlotsPerFile = 1;

    [Fact]
    public async Task A_downloader_past_the_slots_is_busy_at_once_and_the_holder_is_rotated_at_its_next_range_for_it()
    {
        var file = await Peer.ShareAsync("big.bin", _content, Token);
        var requests = new ChannelStreamReader<DownloadRequest>();
        var holderStream = new ChannelServerStreamWriter<FileChunk>();
        requests.Send.TryWrite(Range(file.Sha256, 0));
        var fetch = Peer.Service.Fetch(requests, holderStream, new TestServerCallContext(Token, Holder));
        await holderStream.NextAsync();

        var busy = await AssertStatusAsync(StatusCode.ResourceExhausted, () => Download(file.Sha256, Other));
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var availability = new ChannelServerStreamWriter<Availability>();
        var watch = Peer.Service.Watch(
            new WatchRequest { FileName = "big.bin", Sha256 = file.Sha256 }, availability, new TestServerCallContext(watching.Token, Other));
        var full = await availability.NextAsync();
        Peer.Time.Advance(UploadSlots.Turn);
        await AssertStatusAsync(StatusCode.ResourceExhausted, () => Download(file.Sha256, Other));
        requests.Send.TryWrite(Range(file.Sha256, 1));
        var rotated = await Assert.ThrowsAsync<RpcException>(() => fetch.WaitAsync(TimeSpan.FromSeconds(10), Token));
        var served = await Download(file.Sha256, Other);
        await watching.CancelAsync();
        await watch.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.StartsWith("busy: 1 downloaders are served", busy.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("try another holder", busy.Status.Detail, StringComparison.Ordinal);
        Assert.True(full.Complete);
        Assert.Equal(StatusCode.ResourceExhausted, rotated.StatusCode);
        Assert.StartsWith("slot rotated", rotated.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(_content.AsSpan(0, ChunkLayout.ChunkSize).ToArray(), served);
    }

    private async Task<byte[]> Download(string sha256, string peer)
    {
        var stream = new TestServerStreamWriter<FileChunk>();
        await Peer.Service.Download(Range(sha256, 0), stream, new TestServerCallContext(Token, peer));
        return Concat(stream.Written);
    }

    private static DownloadRequest Range(string sha256, int chunk) => new()
    {
        FileName = "big.bin", Sha256 = sha256, Offset = ChunkLayout.OffsetOf(chunk), Length = ChunkLayout.LengthOf(chunk, MultiChunkSize),
    };
}
