using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using P2P.Contracts.Maestro;
using P2P.Maestro;
using P2P.Maestro.Directory;

namespace P2P.Tests.Unit;

public sealed class PeerDirectoryTests : IDisposable
{
    private const string Fingerprint = "3c1b2e5f0a9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _state = new();
    private readonly PeerDirectory _directory;

    public PeerDirectoryTests()
    {
        _directory = DirectoryKit.Create(_time, DirectoryKit.Options(_state.Path));
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public void Locations_carry_the_registering_certificate_and_a_new_certificate_is_reported_as_a_change()
    {
        var first = _directory.Register(Peer("P1", File("a.txt", 1, 'a')), Fingerprint, null);
        var reinstalled = new string('9', 64);

        var again = _directory.Register(Peer("P1", File("a.txt", 1, 'a')), reinstalled, first.LeaseToken);

        Assert.Null(first.PreviousFingerprint);
        Assert.Equal(Fingerprint, again.PreviousFingerprint);
        Assert.Equal(reinstalled, Assert.Single(_directory.Locate("a.txt")).Fingerprint);
        Assert.Equal(reinstalled, _directory.Find("P1")!.Fingerprint);
    }

    [Fact]
    public void Locate_names_every_peer_that_registered_the_file_with_its_own_size_and_hash()
    {
        _directory.Register(Peer("P2", File("shared.txt", 10, 'b')), Fingerprint, null);
        _directory.Register(Peer("P1", File("shared.txt", 10, 'a'), File("only-p1.txt", 5, 'c')), Fingerprint, null);

        var located = _directory.Locate("shared.txt");

        Assert.Equal(["P1", "P2"], located.Select(l => l.Id));
        Assert.Equal(Hash('a'), located[0].Sha256);
        Assert.Equal(Hash('b'), located[1].Sha256);
        Assert.Equal("http://p1:8000", located[0].RestUrl);
        Assert.Equal("https://p1:50051", located[0].GrpcUrl);
        Assert.Empty(_directory.Locate("missing.txt"));
    }

    [Fact]
    public void A_new_registration_replaces_the_whole_previous_entry()
    {
        var first = _directory.Register(Peer("P1", File("old.txt", 1, 'a'), File("kept.txt", 2, 'b')), Fingerprint, null);
        Assert.False(first.Replaced);

        Assert.True(_directory.Register(Peer("P1", File("kept.txt", 3, 'c'), File("new.txt", 4, 'd')), Fingerprint, first.LeaseToken).Replaced);

        Assert.Empty(_directory.Locate("old.txt"));
        Assert.Equal(3, Assert.Single(_directory.Locate("kept.txt")).Size);
        Assert.Single(_directory.Locate("new.txt"));
        Assert.Equal(2, Assert.Single(_directory.LivePeers()).FileCount);
    }

    [Fact]
    public void A_peer_not_heard_from_within_the_ttl_disappears_from_peers_and_locate()
    {
        _directory.Register(Peer("P1", File("a.txt", 1, 'a')), Fingerprint, null);

        _time.Advance(TimeSpan.FromSeconds(15));
        Assert.Single(_directory.Locate("a.txt"));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(_directory.Locate("a.txt"));
        Assert.Empty(_directory.LivePeers());
        Assert.Null(_directory.Find("P1"));
        Assert.Equal((0, 0, 0), _directory.Count());
    }

    [Fact]
    public void Heartbeats_keep_a_peer_alive_and_unknown_peers_are_told_so()
    {
        var lease = _directory.Register(Peer("P1", File("a.txt", 1, 'a')), Fingerprint, null).LeaseToken;

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(PeerWrite.Done, _directory.Heartbeat("P1", lease));
        }

        Assert.Single(_directory.Locate("a.txt"));
        Assert.Equal(_time.GetUtcNow(), Assert.Single(_directory.LivePeers()).LastSeen);
        Assert.Equal(PeerWrite.Unknown, _directory.Heartbeat("P9", lease));
    }

    [Fact]
    public void RemoveExpired_drops_only_expired_peers_and_their_index_entries()
    {
        var lease = _directory.Register(Peer("P1", File("a.txt", 1, 'a')), Fingerprint, null).LeaseToken;
        _time.Advance(TimeSpan.FromSeconds(10));
        _directory.Register(Peer("P2", File("a.txt", 1, 'a'), File("b.txt", 1, 'b')), Fingerprint, null);
        _time.Advance(TimeSpan.FromSeconds(10));

        var removed = _directory.RemoveExpired();

        Assert.Equal(["P1"], removed);
        Assert.Equal("P2", Assert.Single(_directory.Locate("a.txt")).Id);
        Assert.Equal(PeerWrite.Unknown, _directory.Heartbeat("P1", lease));
    }

    [Fact]
    public void Remove_deregisters_a_peer_and_reports_unknown_ones()
    {
        var lease = _directory.Register(Peer("P1", File("a.txt", 1, 'a')), Fingerprint, null).LeaseToken;

        Assert.Equal(PeerWrite.Done, _directory.Remove("P1", lease));
        Assert.Equal(PeerWrite.Unknown, _directory.Remove("P1", lease));
        Assert.Empty(_directory.Locate("a.txt"));
    }

    [Fact]
    public void A_live_entry_changes_only_for_the_holder_of_its_lease()
    {
        var owner = _directory.Register(Peer("P1", File("a.txt", 1, 'a')), Fingerprint, null);
        Assert.Equal(PeerWrite.Done, owner.Outcome);
        Assert.Matches("^[0-9a-f]{64}$", owner.LeaseToken);

        var hijack = _directory.Register(Peer("P1", File("evil.txt", 1, 'e')), Fingerprint, null);
        var wrongLease = _directory.Register(Peer("P1", File("evil.txt", 1, 'e')), Fingerprint, new string('0', 64));

        Assert.Equal(new RegistrationOutcome(PeerWrite.NotOwner, null, false, null), hijack);
        Assert.Equal(PeerWrite.NotOwner, wrongLease.Outcome);
        Assert.Equal(PeerWrite.NotOwner, _directory.Heartbeat("P1", null));
        Assert.Equal(PeerWrite.NotOwner, _directory.Heartbeat("P1", "not-the-lease"));
        Assert.Equal(PeerWrite.NotOwner, _directory.Remove("P1", null));
        Assert.Empty(_directory.Locate("evil.txt"));
        Assert.Equal("P1", Assert.Single(_directory.Locate("a.txt")).Id);
    }

    [Fact]
    public void The_owner_keeps_its_lease_across_re_registrations()
    {
        var first = _directory.Register(Peer("P1", File("a.txt", 1, 'a')), Fingerprint, null);

        var again = _directory.Register(Peer("P1", File("b.txt", 1, 'b')), Fingerprint, first.LeaseToken);

        Assert.Equal(new RegistrationOutcome(PeerWrite.Done, first.LeaseToken, true, Fingerprint), again);
        Assert.Equal(PeerWrite.Done, _directory.Heartbeat("P1", first.LeaseToken));
    }

    [Fact]
    public void An_expired_entry_can_be_claimed_anew_and_the_old_lease_stops_working()
    {
        var old = _directory.Register(Peer("P1", File("a.txt", 1, 'a')), Fingerprint, null);
        _time.Advance(TimeSpan.FromSeconds(16));

        var claim = _directory.Register(Peer("P1", File("b.txt", 1, 'b')), Fingerprint, null);

        Assert.Equal(PeerWrite.Done, claim.Outcome);
        Assert.NotEqual(old.LeaseToken, claim.LeaseToken);
        Assert.Equal(PeerWrite.NotOwner, _directory.Heartbeat("P1", old.LeaseToken));
        Assert.Equal(PeerWrite.Done, _directory.Heartbeat("P1", claim.LeaseToken));
        Assert.Single(_directory.Locate("b.txt"));
    }

    [Fact]
    public void Every_registration_of_a_new_peer_gets_a_different_lease()
    {
        var leases = Enumerable.Range(0, 20).Select(i => _directory.Register(Peer($"P{i}"), DirectoryKit.Certificate(i), null).LeaseToken).ToList();

        Assert.Equal(leases.Count, leases.Distinct().Count());
    }

    [Fact]
    public void Count_reports_live_peers_distinct_names_and_copies()
    {
        _directory.Register(Peer("P1", File("a.txt", 1, 'a'), File("b.txt", 1, 'b')), Fingerprint, null);
        _directory.Register(Peer("P2", File("a.txt", 1, 'a')), Fingerprint, null);
        _directory.Register(Peer("P3"), Fingerprint, null);

        Assert.Equal((3, 2, 3), _directory.Count());
    }

    [Fact]
    public async Task Lookups_during_concurrent_re_registrations_never_miss_a_file_both_versions_hold()
    {
        // P1 alternates between two file sets that share "common.txt"; a remove-then-add update would
        // briefly lose it, and a non-atomic swap would briefly show a mixed file count.
        var setA = Enumerable.Range(0, 50).Select(i => $"a{i}.txt").Append("common.txt").ToArray();
        var setB = Enumerable.Range(0, 50).Select(i => $"b{i}.txt").Append("common.txt").ToArray();
        var lease = _directory.Register(Peer("P1", setA.Select(n => File(n, 0, 'a')).ToArray()), Fingerprint, null).LeaseToken;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var misses = 0;
        var lookups = 0;

        var writer = Task.Run(() =>
        {
            for (var generation = 1; !stop.IsCancellationRequested; generation++)
            {
                var names = generation % 2 == 0 ? setA : setB;
                _directory.Register(Peer("P1", names.Select(n => File(n, generation, 'a')).ToArray()), Fingerprint, lease);
            }
        }, TestContext.Current.CancellationToken);
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref lookups);
                if (_directory.Locate("common.txt").Count != 1 || _directory.Find("P1")?.FileCount != 51)
                {
                    Interlocked.Increment(ref misses);
                }
            }
        }, TestContext.Current.CancellationToken)).ToArray();

        await Task.WhenAll([writer, .. readers]);

        Assert.True(lookups > 1000, $"only {lookups} lookups ran");
        Assert.Equal(0, misses);
    }

    private static PeerRegistration Peer(string id, params SharedFileEntry[] files) => DirectoryKit.Peer(id, files);

    private static SharedFileEntry File(string name, long size, char hashDigit) => new(name, size, Hash(hashDigit));

    private static string Hash(char digit) => new(digit, 64);
}
