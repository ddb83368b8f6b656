using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Maestro.Directory;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 28 item 4, the directory's side: a peer's announces list it as a partial holder, after the complete ones and
/// marked so, only for the owner of the entry, within bounds, and never past the entry's life.
/// </summary>
public sealed class Issue28Item4PartialHoldersTests : IDisposable
{
    private const string Name = "crowd.bin";
    private static readonly string s_owner = DirectoryKit.Certificate(1);
    private static readonly string s_sha = new('a', 64);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _state = new();

    public static TheoryData<PartialAnnounce, string> BadAnnounces { get; } = new()
    {
        { new PartialAnnounce("../etc/passwd", 10, s_sha, 5, AnnounceEvent.Started), "file" },
        { new PartialAnnounce(Name, -1, s_sha, 0, AnnounceEvent.Started), "size" },
        { new PartialAnnounce(Name, 1L << 50, s_sha, 0, AnnounceEvent.Started), "size" },
        { new PartialAnnounce(Name, 10, s_sha.ToUpperInvariant(), 5, AnnounceEvent.Started), "sha256" },
        { new PartialAnnounce(Name, 10, null!, 5, AnnounceEvent.Started), "sha256" },
        { new PartialAnnounce(Name, 10, s_sha, 11, AnnounceEvent.Progress), "left" },
        { new PartialAnnounce(Name, 10, s_sha, -1, AnnounceEvent.Progress), "left" },
        { new PartialAnnounce(Name, 10, s_sha, 5, (AnnounceEvent)7), "event" },
    };

    [Theory]
    [MemberData(nameof(BadAnnounces))]
    public void Item4_a_bad_announce_is_a_validation_problem_naming_its_field(PartialAnnounce announce, string field)
    {
        var result = DirectoryApi.Announce("P1", announce, "lease", new Microsoft.AspNetCore.Http.DefaultHttpContext(), Directory(),
            Options.Create(DirectoryKit.Options(_state.Path)), NullLogger<PeerDirectory>.Instance);

        var problem = Assert.IsType<ValidationProblem>(result.Result);
        Assert.Contains(field, problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public void Item4_an_event_outside_the_four_is_refused_when_read()
    {
        var json = $$"""{"file":"{{Name}}","size":10,"sha256":"{{s_sha}}","left":5,"event":"seeding"}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PartialAnnounce>(json, SnakeCaseJson.Options));
    }

    [Fact]
    public void Item4_only_the_entry_s_owner_on_its_registering_certificate_announces()
    {
        var directory = Directory();
        var lease = directory.Register(DirectoryKit.Peer("P1"), s_owner, null).LeaseToken;

        Assert.Equal(PeerWrite.Unknown, directory.Announce("P9", lease, s_owner, Started()));
        Assert.Equal(PeerWrite.NotOwner, directory.Announce("P1", "not-the-lease", s_owner, Started()));
        Assert.Equal(PeerWrite.NotOwner, directory.Announce("P1", null, s_owner, Started()));
        Assert.Equal(PeerWrite.NotOwner, directory.Announce("P1", lease, DirectoryKit.Certificate(2), Started()));
        Assert.Empty(directory.Locate(Name));

        Assert.Equal(PeerWrite.Done, directory.Announce("P1", lease, s_owner, Started()));
        Assert.Single(directory.Locate(Name));
    }

    [Fact]
    public void Item4_locate_answers_complete_holders_first_then_partial_ones_marked_with_left()
    {
        var directory = Directory();
        var p1 = directory.Register(DirectoryKit.Peer("P1"), s_owner, null).LeaseToken;
        directory.Register(DirectoryKit.Peer("P3", new SharedFileEntry(Name, 10, s_sha)), DirectoryKit.Certificate(3), null);
        var p2 = directory.Register(DirectoryKit.Peer("P2"), DirectoryKit.Certificate(2), null).LeaseToken;
        directory.Announce("P2", p2, DirectoryKit.Certificate(2), Started(left: 10));
        directory.Announce("P1", p1, s_owner, Started(left: 10));

        directory.Announce("P1", p1, s_owner, Started(left: 4) with { Event = AnnounceEvent.Progress });

        var located = directory.Locate(Name);
        Assert.Equal(["P3", "P1", "P2"], located.Select(l => l.Id));
        Assert.Equal([false, true, true], located.Select(l => l.Partial));
        Assert.Equal([null, 4L, 10L], located.Select(l => l.Left));
        Assert.All(located, l => Assert.Null(l.Validate()));
    }

    [Fact]
    public void Item4_max_locations_fills_with_complete_holders_before_any_partial_one()
    {
        var options = DirectoryKit.Options(_state.Path);
        options.MaxLocations = 2;
        var directory = DirectoryKit.Create(_time, options);
        directory.Register(DirectoryKit.Peer("P1", new SharedFileEntry(Name, 10, s_sha)), DirectoryKit.Certificate(1), null);
        var lease = directory.Register(DirectoryKit.Peer("P2"), DirectoryKit.Certificate(2), null).LeaseToken;
        directory.Announce("P2", lease, DirectoryKit.Certificate(2), Started());
        Assert.Equal([false, true], directory.Locate(Name).Select(l => l.Partial));

        directory.Register(DirectoryKit.Peer("P3", new SharedFileEntry(Name, 10, s_sha)), DirectoryKit.Certificate(3), null);

        Assert.Equal(["P1", "P3"], directory.Locate(Name).Select(l => l.Id));
    }

    [Fact]
    public void Item4_stopped_and_completed_take_the_partial_off_and_so_does_a_registration_that_shares_that_version()
    {
        var directory = Directory();
        var lease = directory.Register(DirectoryKit.Peer("P1"), s_owner, null).LeaseToken;
        directory.Announce("P1", lease, s_owner, Started());
        directory.Announce("P1", lease, s_owner, Started() with { Event = AnnounceEvent.Stopped });
        Assert.Empty(directory.Locate(Name));

        directory.Announce("P1", lease, s_owner, Started());
        directory.Announce("P1", lease, s_owner, Started(left: 0) with { Event = AnnounceEvent.Completed });
        Assert.Empty(directory.Locate(Name));

        directory.Announce("P1", lease, s_owner, Started());
        directory.Announce("P1", lease, s_owner, Started() with { File = "other.bin" });
        directory.Register(DirectoryKit.Peer("P1", new SharedFileEntry(Name, 10, s_sha)), s_owner, lease);

        Assert.False(Assert.Single(directory.Locate(Name)).Partial);
        Assert.True(Assert.Single(directory.Locate("other.bin")).Partial);
    }

    [Fact]
    public void Item4_a_peer_announces_at_most_max_partials_per_peer_versions_and_a_stopped_one_frees_its_place()
    {
        var options = DirectoryKit.Options(_state.Path);
        options.MaxPartialsPerPeer = 3;
        var directory = DirectoryKit.Create(_time, options);
        var lease = directory.Register(DirectoryKit.Peer("P1"), s_owner, null).LeaseToken;

        var outcomes = Enumerable.Range(0, 4).Select(i => directory.Announce("P1", lease, s_owner, Started() with { File = $"f{i}.bin" })).ToList();

        Assert.Equal([PeerWrite.Done, PeerWrite.Done, PeerWrite.Done, PeerWrite.TooManyPartials], outcomes);
        Assert.Equal(PeerWrite.Done, directory.Announce("P1", lease, s_owner, Started() with { File = "f0.bin", Left = 1 }));
        directory.Announce("P1", lease, s_owner, Started() with { File = "f0.bin", Event = AnnounceEvent.Stopped });
        Assert.Equal(PeerWrite.Done, directory.Announce("P1", lease, s_owner, Started() with { File = "f3.bin" }));
    }

    [Fact]
    public void Item4_partials_count_against_max_file_entries_with_the_registrations()
    {
        var options = DirectoryKit.Options(_state.Path);
        options.MaxFileEntries = 2;
        var directory = DirectoryKit.Create(_time, options);
        var lease = directory.Register(DirectoryKit.Peer("P1", new SharedFileEntry("a.bin", 1, s_sha)), s_owner, null).LeaseToken;

        Assert.Equal(PeerWrite.Done, directory.Announce("P1", lease, s_owner, Started()));
        Assert.Equal(PeerWrite.DirectoryFull, directory.Announce("P1", lease, s_owner, Started() with { File = "b.bin" }));
        var full = directory.Register(DirectoryKit.Peer("P2", new SharedFileEntry("c.bin", 1, s_sha)), DirectoryKit.Certificate(2), null);
        Assert.Equal(PeerWrite.DirectoryFull, full.Outcome);

        Assert.Equal(PeerWrite.Done, directory.Remove("P1", lease));
        var twoFiles = DirectoryKit.Peer("P2", new SharedFileEntry("c.bin", 1, s_sha), new SharedFileEntry("d.bin", 1, s_sha));
        Assert.Equal(PeerWrite.Done, directory.Register(twoFiles, DirectoryKit.Certificate(2), null).Outcome);
    }

    [Fact]
    public void Item4_partials_carry_over_the_owner_s_registrations_and_expire_with_its_lease()
    {
        var directory = Directory();
        var lease = directory.Register(DirectoryKit.Peer("P1"), s_owner, null).LeaseToken;
        directory.Announce("P1", lease, s_owner, Started());
        directory.Register(DirectoryKit.Peer("P1", new SharedFileEntry("else.bin", 1, s_sha)), s_owner, lease);
        Assert.True(Assert.Single(directory.Locate(Name)).Partial);

        _time.Advance(TimeSpan.FromSeconds(16));
        Assert.Empty(directory.Locate(Name));
        Assert.Equal(PeerWrite.Unknown, directory.Announce("P1", lease, s_owner, Started()));
        // The entry past its TTL but not yet swept: a new registration starts it without the old partials.
        directory.Register(DirectoryKit.Peer("P1"), s_owner, null);
        Assert.Empty(directory.Locate(Name));
    }

    [Fact]
    public void Item4_a_complete_holder_s_location_is_written_as_before_partial_holders_and_a_partial_one_carries_both_fields()
    {
        var complete = new FileLocation("P1", "http://p1:8000", "https://p1:50051", 10, s_sha, s_owner);

        Assert.DoesNotContain("partial", JsonSerializer.Serialize(complete, SnakeCaseJson.Options));
        Assert.DoesNotContain("left", JsonSerializer.Serialize(complete, SnakeCaseJson.Options));
        Assert.Contains("\"partial\":true,\"left\":3", JsonSerializer.Serialize(complete with { Partial = true, Left = 3 }, SnakeCaseJson.Options));
        Assert.NotNull((complete with { Partial = true }).Validate());
        Assert.NotNull((complete with { Partial = true, Left = 11 }).Validate());
        Assert.NotNull((complete with { Left = 0 }).Validate());
    }

    public void Dispose() => _state.Dispose();

    private PeerDirectory Directory() => DirectoryKit.Create(_time, DirectoryKit.Options(_state.Path));

    private static PartialAnnounce Started(long left = 6) => new(Name, 10, s_sha, left, AnnounceEvent.Started);
}
