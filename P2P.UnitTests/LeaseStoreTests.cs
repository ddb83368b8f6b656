using Microsoft.Extensions.Options;
using P2P.Contracts.Security;
using P2P.Peer;
using P2P.Peer.Files;
using P2P.Peer.Registration;

namespace P2P.Tests.Unit;

public sealed class LeaseStoreTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly SharedFolder _folder;

    public LeaseStoreTests()
    {
        _folder = new SharedFolder(Options.Create(new PeerOptions { SharedDir = Path.Combine(_temp.Path, "shared") }));
    }

    [Fact]
    public void A_first_start_has_no_lease()
    {
        Assert.Null(new LeaseStore(_folder).Current);
    }

    [Fact]
    public void A_saved_lease_survives_a_restart_in_the_hidden_state_folder_readable_only_by_its_owner()
    {
        new LeaseStore(_folder).Save("lease-one");
        var restarted = new LeaseStore(_folder);
        restarted.Save("lease-two");

        var path = Path.Combine(_folder.StateDirectory, "lease");
        Assert.Equal("lease-two", new LeaseStore(_folder).Current);
        Assert.Equal(["lease"], Directory.GetFiles(_folder.StateDirectory).Select(Path.GetFileName));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Theory]
    [InlineData("lease\r\nX-Evil: 1")]
    [InlineData("lease with spaces")]
    [InlineData("")]
    public void A_damaged_lease_file_counts_as_no_lease_rather_than_a_header_that_breaks_every_call(string content)
    {
        Directory.CreateDirectory(_folder.StateDirectory);
        File.WriteAllText(Path.Combine(_folder.StateDirectory, "lease"), content);

        Assert.Null(new LeaseStore(_folder).Current);
    }

    [Fact]
    public void Issue26Item8_a_fresh_lease_file_is_owner_only_and_every_state_file_is_created_with_that_mode_at_open()
    {
        new LeaseStore(_folder).Save("fresh-lease");

        var options = StateFile.CreateOptions();
        Assert.Equal(FileMode.CreateNew, options.Mode);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, options.UnixCreateMode);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder.StateDirectory, "lease")));
        }
        Assert.Equal(["lease"], Directory.GetFiles(_folder.StateDirectory).Select(Path.GetFileName));
    }

    public void Dispose() => _temp.Dispose();
}
