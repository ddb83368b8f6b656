using P2P.Transfer.Sources;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 26 item 5: ids that sort first, however many, do not pick the version a download fetches: the survey samples at
/// random one certificate at a time, counts one vote per certificate, and prefers a version a record backs.
/// </summary>
public sealed class Issue26Item5SybilVoteTests
{
    private const string Honest = "1111111111111111111111111111111111111111111111111111111111111111";
    private const string Lie = "0000000000000000000000000000000000000000000000000000000000000000";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Item5_sixteen_lying_ids_of_one_certificate_are_one_vote_and_cannot_crowd_out_the_honest_holders(int seed)
    {
        var liars = Enumerable.Range(0, 16).Select(i => new SourceAddress($"A{i:D2}", $"http://liar{i}.test:1", "liar-cert", Lie)).ToList();
        var honest = Enumerable.Range(0, 3).Select(i => new SourceAddress($"Z{i}", $"http://honest{i}.test:1", $"honest-cert-{i}", Honest)).ToList();

        var asked = VersionVote.Sample([.. liars, .. honest], SourceSurvey.MaxAsked, new Random(seed));

        Assert.Superset(honest.ToHashSet(), asked.ToHashSet());
        Assert.Equal(Honest, VersionVote.Elect(Answers(asked), sha256: null));
        // By id the sixteen would outvote two honest holders; by certificate they are one vote against two.
        Assert.Equal(Honest, VersionVote.Elect(Answers([.. liars, .. honest.Take(2)]), sha256: null));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Item5_sixteen_lying_certificates_lose_to_the_version_the_record_backs(int seed)
    {
        // Registered as holders of the honest version, they answer with another: the record backs only the honest one.
        var liars = Enumerable.Range(0, 16).Select(i => new SourceAddress($"A{i:D2}", $"http://liar{i}.test:1", $"liar-cert-{i}", Honest)).ToList();
        var honest = Enumerable.Range(0, 3).Select(i => new SourceAddress($"Z{i}", $"http://honest{i}.test:1", $"honest-cert-{i}", Honest)).ToList();

        var asked = VersionVote.Sample([.. liars, .. honest], SourceSurvey.MaxAsked, new Random(seed));

        Assert.Contains(asked, honest.Contains);
        Assert.Equal(Honest, VersionVote.Elect(Answers(asked, liars.ToHashSet()), sha256: null));
    }

    [Fact]
    public void Item5_a_version_the_caller_named_wins_over_any_vote()
    {
        var liars = Enumerable.Range(0, 16).Select(i => new SourceAddress($"A{i:D2}", $"http://liar{i}.test:1", $"liar-cert-{i}", Lie)).ToList();
        var honest = new SourceAddress("Z", "http://honest.test:1", "honest-cert", Honest);

        Assert.Equal(Honest, VersionVote.Elect(Answers([.. liars, honest]), Honest));
        Assert.Null(VersionVote.Elect(Answers(liars), Honest));
    }

    [Fact]
    public void Item5_sources_without_a_certificate_vote_by_address()
    {
        var given = new[] { SourceAddress.At("http://a.test:1"), SourceAddress.At("http://a.test:1"), SourceAddress.At("http://b.test:1") };

        Assert.Equal(2, VersionVote.Sample(given, SourceSurvey.MaxAsked, new Random(1)).Count);
    }

    private static List<(SourceAddress Source, string Sha256)> Answers(IEnumerable<SourceAddress> sources, ISet<SourceAddress>? lying = null) =>
        sources.Select(s => (s, lying is null ? s.Sha256! : lying.Contains(s) ? Lie : s.Sha256!)).ToList();
}
