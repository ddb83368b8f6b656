using Microsoft.Extensions.Time.Testing;
using P2P.Hosting.Membership;

namespace P2P.Tests.Unit;

public sealed class MembershipStateTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_nonce_is_good_once_so_a_replayed_proof_finds_it_spent()
    {
        var state = new MembershipState(_time);
        state.Nonces.Add("n1");

        Assert.True(state.Nonces.TryTake("n1"));
        Assert.False(state.Nonces.TryTake("n1"));
        Assert.False(state.Nonces.TryTake("never-issued"));
    }

    [Fact]
    public void A_nonce_expires_unused()
    {
        var state = new MembershipState(_time);
        state.Nonces.Add("n1");

        _time.Advance(MembershipState.NonceLifetime);

        Assert.False(state.Nonces.TryTake("n1"));
        Assert.Equal(0, state.Nonces.Count);
    }

    [Fact]
    public void A_proven_fingerprint_is_remembered_for_an_hour_then_must_prove_again()
    {
        var state = new MembershipState(_time);
        state.Proven.Add("f1");

        _time.Advance(MembershipState.ProofLifetime - TimeSpan.FromSeconds(1));
        Assert.True(state.Proven.Contains("f1"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(state.Proven.Contains("f1"));
    }

    [Fact]
    public void The_set_keeps_at_most_its_capacity_dropping_the_oldest_first()
    {
        var set = new ExpiringSet(_time, TimeSpan.FromMinutes(1), capacity: 3);
        foreach (var value in new[] { "a", "b", "c", "d" })
        {
            set.Add(value);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(3, set.Count);
        Assert.False(set.Contains("a"));
        Assert.True(set.Contains("d"));
    }

    [Fact]
    public void Adding_again_renews_without_counting_twice()
    {
        var set = new ExpiringSet(_time, TimeSpan.FromSeconds(10), capacity: 2);
        set.Add("a");
        _time.Advance(TimeSpan.FromSeconds(8));
        set.Add("a");
        _time.Advance(TimeSpan.FromSeconds(8));

        Assert.True(set.Contains("a"));
        Assert.Equal(1, set.Count);
    }
}
