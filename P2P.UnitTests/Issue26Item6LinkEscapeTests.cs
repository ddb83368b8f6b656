using System.Text;
using Grpc.Core;
using P2P.Contracts.Transfer.V1;
using P2P.Peer.Files;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 26 item 6: no link, at any depth, makes the peer list or serve a file outside its shared folder or inside
/// its state folder, even a link swapped in between the listing and the download.
/// </summary>
public sealed class Issue26Item6LinkEscapeTests : FileTransferServiceTestBase
{
    private const string Secret = "root:x:0:0:secret";

    private string Shared => Peer.Folder.Root;

    [Fact]
    public async Task Item6_no_way_of_escaping_is_listed_or_served()
    {
        await Peer.ShareAsync("real.txt", "inside"u8.ToArray(), Token);
        var outside = OutsideFolderWithSecret();
        Directory.CreateDirectory(Path.Combine(Shared, SharedFolder.StateFolderName));
        File.WriteAllText(Path.Combine(Shared, SharedFolder.StateFolderName, "control-token"), Secret);
        File.CreateSymbolicLink(Path.Combine(Shared, "file-out.txt"), Path.Combine(outside, "passwd"));
        Directory.CreateSymbolicLink(Path.Combine(Shared, "dir-out"), outside);
        File.CreateSymbolicLink(Path.Combine(Shared, "via-dir.txt"), "dir-out/passwd");
        File.CreateSymbolicLink(Path.Combine(Shared, "link-to-link.txt"), "file-out.txt");
        File.CreateSymbolicLink(Path.Combine(Shared, "state-token.txt"), ".p2p/control-token");
        Directory.CreateSymbolicLink(Path.Combine(Shared, "state"), SharedFolder.StateFolderName);
        File.CreateSymbolicLink(Path.Combine(Shared, "via-state.txt"), "state/control-token");
        File.CreateSymbolicLink(Path.Combine(Shared, "dot-dot.txt"), "dir-out/../" + Path.GetFileName(outside) + "/passwd");
        File.CreateSymbolicLink(Path.Combine(Shared, "alias.txt"), "real.txt");

        await Peer.Catalog.RescanAsync(Token);

        Assert.Equal(["alias.txt", "real.txt"], Peer.Catalog.Files.Select(f => f.Name));
        foreach (var name in new[] { "file-out.txt", "via-dir.txt", "link-to-link.txt", "state-token.txt", "via-state.txt", "dot-dot.txt" })
        {
            var error = await AssertStatusAsync(StatusCode.NotFound, () => DownloadAsync(new DownloadRequest { FileName = name }));
            Assert.Contains(name, error.Status.Detail);
            await AssertStatusAsync(StatusCode.NotFound, () => Peer.Service.GetManifest(new GetManifestRequest { FileName = name }, Context()));
            Assert.Throws<NotServableException>(() => Peer.Folder.OpenServable(name).Dispose());
        }
        await AssertStatusAsync(StatusCode.InvalidArgument, () => DownloadAsync(new DownloadRequest { FileName = "../" + Path.GetFileName(outside) }));
        Assert.Throws<NotServableException>(() => Peer.Folder.OpenServable("../shared/real.txt").Dispose());
    }

    [Fact]
    public async Task Item6_a_file_swapped_for_a_link_out_after_the_listing_is_not_served()
    {
        var listed = await Peer.ShareAsync("real.txt", Encoding.UTF8.GetBytes(Secret.Replace('s', 'S')), Token);
        var outside = OutsideFolderWithSecret();
        Directory.CreateSymbolicLink(Path.Combine(Shared, "dir-out"), outside);
        // The same size and time as the listed file, so only where the link leads can give the swap away.
        File.SetLastWriteTimeUtc(Path.Combine(outside, "passwd"), listed.LastWriteUtc.UtcDateTime);
        File.Delete(Path.Combine(Shared, "real.txt"));
        File.CreateSymbolicLink(Path.Combine(Shared, "real.txt"), "dir-out/passwd");

        var error = await AssertStatusAsync(StatusCode.PermissionDenied,
            () => DownloadAsync(new DownloadRequest { FileName = "real.txt", Sha256 = listed.Sha256 }));

        Assert.Contains("outside the shared folder", error.Status.Detail);
    }

    private string OutsideFolderWithSecret()
    {
        var outside = Path.Combine(Peer.Outside, "etc");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "passwd"), Secret);
        return outside;
    }
}
