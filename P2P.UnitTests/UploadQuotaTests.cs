using Grpc.Core;

namespace P2P.Tests.Unit;

/// <summary>The upload quota: the shared files, the uploads under way and a new one must fit in upload_quota_bytes together.</summary>
public sealed class UploadQuotaTests : FileTransferServiceTestBase
{
    [Fact]
    public async Task An_upload_past_the_quota_is_refused_with_the_setting_named_and_nothing_stored()
    {
        await Peer.ShareAsync("already.bin", RandomBytes(600), Token);
        Peer.Options.UploadQuotaBytes = 1000;
        var content = RandomBytes(401);

        var error = await AssertStatusAsync(StatusCode.ResourceExhausted,
            () => Peer.Service.Upload(Upload(Header("big.bin", content.Length, Sha256Hex(content)), content), Context()));

        Assert.Contains("upload_quota_bytes", error.Status.Detail);
        Assert.Contains("room for 400 more", error.Status.Detail);
        Assert.Null(Peer.Catalog.Find("big.bin"));
        Assert.Empty(Peer.StagedFiles());
    }

    [Fact]
    public async Task An_upload_that_fits_is_stored_and_then_counts_against_the_quota()
    {
        Peer.Options.UploadQuotaBytes = 1000;
        var first = RandomBytes(700);
        var second = RandomBytes(301);

        await Peer.Service.Upload(Upload(Header("first.bin", first.Length, Sha256Hex(first)), first), Context());
        var error = await AssertStatusAsync(StatusCode.ResourceExhausted,
            () => Peer.Service.Upload(Upload(Header("second.bin", second.Length, Sha256Hex(second)), second), Context()));

        Assert.NotNull(Peer.Catalog.Find("first.bin"));
        Assert.Contains("it shares 700 bytes", error.Status.Detail);
    }

    [Fact]
    public async Task A_refused_upload_gives_its_room_back()
    {
        Peer.Options.UploadQuotaBytes = 1000;
        var content = RandomBytes(900);

        await AssertStatusAsync(StatusCode.InvalidArgument,
            () => Peer.Service.Upload(Upload(Header("wrong.bin", content.Length, Sha256Hex([1])), content), Context()));
        var stored = await Peer.Service.Upload(Upload(Header("right.bin", content.Length, Sha256Hex(content)), content), Context());

        Assert.Equal(900, stored.Size);
    }
}
