using P2P.Peer.Swarm;

namespace P2P.Tests.Unit;

/// <summary>Issue 28 item 3: a seed suggests the chunks it has sent least, and spreads them among its watchers.</summary>
public sealed class Issue28Item3SuggestionSpreadTests
{
    private static readonly string s_version = new('d', 64);

    [Fact]
    public void Watchers_asking_one_after_the_other_are_suggested_different_chunks()
    {
        var sent = new SentCounts();

        var first = sent.Suggest(s_version, 6, 3);
        var second = sent.Suggest(s_version, 6, 3);

        Assert.Empty(first.Intersect(second));
    }

    [Fact]
    public void A_chunk_sent_counts_and_is_no_longer_promised()
    {
        var sent = new SentCounts();
        var promised = sent.Suggest(s_version, 4, 4);
        sent.Sent(s_version, 4, 0, 4);
        sent.Sent(s_version, 4, 2, 3);

        Assert.Equal(4, promised.Count);
        Assert.Equal(2, sent.Suggest(s_version, 4, 4)[^1]);
    }
}
