using Grpc.Core;
using P2P.Peer.Files;

namespace P2P.Tests.Unit;

/// <summary>max_staging_bytes: partial downloads on disk and uploads under way must fit in the staging folder together.</summary>
public sealed class StagingSpaceTests : FileTransferServiceTestBase
{
    [Fact]
    public async Task An_upload_that_does_not_fit_beside_the_partial_downloads_is_refused_naming_the_setting()
    {
        StagePartialDownload(600);
        Peer.Options.MaxStagingBytes = 1000;
        var tooBig = RandomBytes(401);
        var fits = RandomBytes(400);

        var error = await AssertStatusAsync(StatusCode.ResourceExhausted,
            () => Peer.Service.Upload(Upload(Header("big.bin", tooBig.Length, Sha256Hex(tooBig)), tooBig), Context()));
        await Peer.Service.Upload(Upload(Header("fits.bin", fits.Length, Sha256Hex(fits)), fits), Context());

        Assert.Contains("max_staging_bytes", error.Status.Detail);
        Assert.Contains("room for 400 more", error.Status.Detail);
        Assert.Null(Peer.Catalog.Find("big.bin"));
        Assert.NotNull(Peer.Catalog.Find("fits.bin"));
    }

    [Fact]
    public void A_download_does_not_start_once_the_staged_bytes_reach_the_limit()
    {
        StagePartialDownload(1000);
        var space = new StagingSpace(Peer.Staging, Microsoft.Extensions.Options.Options.Create(Peer.Options));

        Peer.Options.MaxStagingBytes = 1001;
        space.EnsureRoomForDownload("a.bin");
        Peer.Options.MaxStagingBytes = 1000;
        var error = Assert.Throws<StagingFullException>(() => space.EnsureRoomForDownload("a.bin"));

        Assert.Contains("'a.bin'", error.Message);
        Assert.Contains("max_staging_bytes", error.Message);
    }

    [Fact]
    public void An_upload_reservation_counts_until_it_is_released()
    {
        var space = new StagingSpace(Peer.Staging, Microsoft.Extensions.Options.Options.Create(Peer.Options));
        Peer.Options.MaxStagingBytes = 1000;

        var first = space.ReserveUpload("a.bin", 1000);
        Assert.Throws<StagingFullException>(() => space.EnsureRoomForDownload("b.bin"));
        first.Dispose();
        first.Dispose();

        space.ReserveUpload("c.bin", 1000).Dispose();
    }

    [Fact]
    public void Issue26Item8_a_download_larger_than_the_room_left_is_refused_and_a_reservation_holds_only_until_released()
    {
        var space = new StagingSpace(Peer.Staging, Microsoft.Extensions.Options.Options.Create(Peer.Options));
        Peer.Options.MaxStagingBytes = 64L << 30;
        var partial = Path.GetFullPath(Peer.Staging.PartialPath(P2P.Transfer.Storage.StagingPath.DownloadKey(new string('b', 64))));

        // Before, a 100 GiB partial was made whole and then filled max_staging_bytes alone until it was collected.
        var error = Assert.Throws<StagingFullException>(() => space.ReserveDownload("huge.bin", 100L << 30, partial));
        Assert.Contains("'huge.bin' is 107374182400 bytes", error.Message);
        Assert.Contains("room for 68719476736 more", error.Message);

        var held = space.ReserveDownload("big.bin", 40L << 30, partial);
        File.WriteAllBytes(partial, new byte[1000]);
        Assert.Equal(40L << 30, space.DownloadBytes());
        Assert.Throws<StagingFullException>(() => space.ReserveDownload("other.bin", 30L << 30, partial + ".other"));
        held.Dispose();

        space.ReserveDownload("other.bin", 30L << 30, partial + ".other").Dispose();
        Assert.Equal(1000, space.DownloadBytes());
    }

    private void StagePartialDownload(int size) =>
        File.WriteAllBytes(Peer.Staging.PartialPath(P2P.Transfer.Storage.StagingPath.DownloadKey(new string('a', 64))), new byte[size]);
}
