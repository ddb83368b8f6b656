using P2P.Contracts.Maestro;
using P2P.Maestro.Directory;

namespace P2P.Tests.Unit;

public sealed class RegistrationValidatorTests
{
    private static readonly string s_hash = new('0', 64);

    [Fact]
    public void A_well_formed_registration_has_no_errors()
    {
        var registration = new PeerRegistration("P1", "http://localhost:8000", "http://localhost:50051",
            [new SharedFileEntry("a.txt", 0, s_hash), new SharedFileEntry("b.txt", 12, s_hash)]);

        Assert.Empty(RegistrationValidator.Validate(registration, maxFiles: 10));
    }

    [Fact]
    public void Every_bad_field_is_named_with_its_reason()
    {
        var registration = new PeerRegistration("P 1", "localhost:8000", "ftp://x",
            [new SharedFileEntry("../x", -1, "ABC"), new SharedFileEntry("ok.txt", 1, s_hash), new SharedFileEntry("ok.txt", 1, s_hash)]);

        var errors = RegistrationValidator.Validate(registration, maxFiles: 10);

        Assert.Equal(["files[0]", "files[2]", "grpc_url", "id", "rest_url"], errors.Keys.Order());
        Assert.Equal(3, errors["files[0]"].Length);
        Assert.Contains("listed twice", Assert.Single(errors["files[2]"]));
    }

    [Fact]
    public void A_registration_over_the_file_cap_is_refused()
    {
        var files = Enumerable.Range(0, 11).Select(i => new SharedFileEntry($"f{i}", 1, s_hash)).ToList();

        var errors = RegistrationValidator.Validate(new PeerRegistration("P1", "http://a", "http://b", files), maxFiles: 10);

        Assert.Contains("at most 10", Assert.Single(errors["files"]));
    }
}
