using P2P.Contracts.Security;

namespace P2P.Tests.Unit;

public sealed class MembershipProofTests
{
    private const string Key = "the-network-key-of-these-tests";
    private static readonly string s_client = new('c', 64);
    private static readonly string s_server = new('d', 64);
    private readonly string _serverNonce = MembershipProof.NewNonce();
    private readonly string _clientNonce = MembershipProof.NewNonce();

    [Fact]
    public void A_proof_made_with_the_key_over_this_exchange_holds()
    {
        var proof = Client(Key);

        Assert.True(Verify(proof));
        Assert.Matches("^[0-9a-f]{64}$", proof);
    }

    [Fact]
    public void A_proof_made_with_another_key_is_refused()
    {
        Assert.False(Verify(Client("another-network-key-entirely")));
    }

    [Fact]
    public void A_proof_for_other_nonces_is_refused()
    {
        var proof = Client(Key);

        Assert.False(MembershipProof.Verify(Key, MembershipRole.Client, MembershipProof.NewNonce(), _clientNonce, s_client, s_server, proof));
        Assert.False(MembershipProof.Verify(Key, MembershipRole.Client, _serverNonce, MembershipProof.NewNonce(), s_client, s_server, proof));
    }

    [Fact]
    public void A_proof_bound_to_other_certificates_is_refused_so_a_relay_cannot_forward_it()
    {
        var proof = Client(Key);
        var relay = new string('e', 64);

        // The relay shows its own certificate to each side: the fingerprints the server sees are not the client's.
        Assert.False(MembershipProof.Verify(Key, MembershipRole.Client, _serverNonce, _clientNonce, relay, s_server, proof));
        Assert.False(MembershipProof.Verify(Key, MembershipRole.Client, _serverNonce, _clientNonce, s_client, relay, proof));
    }

    [Fact]
    public void A_clients_proof_never_passes_for_the_servers_answer()
    {
        Assert.False(MembershipProof.Verify(Key, MembershipRole.Server, _serverNonce, _clientNonce, s_client, s_server, Client(Key)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not hex at all")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    public void Garbage_is_not_a_proof(string? presented)
    {
        Assert.False(Verify(presented));
    }

    [Fact]
    public void A_truncated_or_extended_proof_is_refused()
    {
        var proof = Client(Key);

        Assert.False(Verify(proof[..62]));
        Assert.False(Verify(proof + "00"));
    }

    [Fact]
    public void Malformed_nonces_or_fingerprints_refuse_rather_than_throw()
    {
        Assert.False(MembershipProof.Verify(Key, MembershipRole.Client, "nonce", _clientNonce, s_client, s_server, Client(Key)));
        Assert.False(MembershipProof.Verify(Key, MembershipRole.Client, _serverNonce, _clientNonce, "short", s_server, Client(Key)));
    }

    private string Client(string key) => MembershipProof.Compute(key, MembershipRole.Client, _serverNonce, _clientNonce, s_client, s_server);

    private bool Verify(string? proof) => MembershipProof.Verify(Key, MembershipRole.Client, _serverNonce, _clientNonce, s_client, s_server, proof);
}
