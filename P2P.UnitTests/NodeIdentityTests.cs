using P2P.Contracts.Security;

namespace P2P.Tests.Unit;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class NodeIdentityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void An_identity_is_created_once_owner_only_and_kept_across_restarts()
    {
        using var first = NodeIdentity.LoadOrCreate(_folder.Path, TimeProvider.System);
        using var again = NodeIdentity.LoadOrCreate(_folder.Path, TimeProvider.System);

        Assert.Equal(first.Fingerprint, again.Fingerprint);
        Assert.True(Fingerprint.IsValid(first.Fingerprint));
        Assert.True(first.Certificate.HasPrivateKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder.Path, NodeIdentity.FileName)));
    }

    [Fact]
    public void A_secret_file_others_could_read_is_tightened_to_its_owner()
    {
        var path = Path.Combine(_folder.Path, "secret");
        File.WriteAllText(path, "s");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal("s"u8.ToArray(), StateFile.ReadOrCreate(path, () => "other"u8.ToArray()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Every_ephemeral_identity_is_another_node()
    {
        using var a = NodeIdentity.Ephemeral(TimeProvider.System);
        using var b = NodeIdentity.Ephemeral(TimeProvider.System);

        Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        Assert.Equal(Fingerprint.Of(a.Certificate), a.Fingerprint);
    }

    public void Dispose() => _folder.Dispose();
}
