using System.Text.Json;
using P2P.Contracts;
using P2P.Contracts.Peers;

namespace P2P.Tests.Unit;

/// <summary>Issue 27 item 4: query outcomes are an enum now, and the JSON other peers read and write is what it was.</summary>
public sealed class Issue27Item4OutcomeWireTests
{
    [Theory]
    [InlineData(QueryOutcome.Found, "found")]
    [InlineData(QueryOutcome.NotFound, "not_found")]
    [InlineData(QueryOutcome.Seen, "seen")]
    [InlineData(QueryOutcome.Expired, "expired")]
    [InlineData(QueryOutcome.Unreachable, "unreachable")]
    public void Each_outcome_keeps_its_snake_case_wire_name(QueryOutcome outcome, string wire)
    {
        var json = JsonSerializer.Serialize(new QueryHop("P1", "", outcome), SnakeCaseJson.Options);

        Assert.Equal($$"""{"peer":"P1","trace_id":"","outcome":"{{wire}}"}""", json);
        Assert.Equal(outcome, JsonSerializer.Deserialize<QueryHop>(json, SnakeCaseJson.Options)!.Outcome);
        Assert.Equal(wire, SnakeCaseJson.Name(outcome));
    }

    [Fact]
    public void An_answer_is_written_as_before()
    {
        var answer = new FriendQueryAnswer(QueryOutcome.NotFound, [], ["P1", "P2"],
            [new QueryHop("P2", "", QueryOutcome.NotFound), new QueryHop("https://p3:50053", "", QueryOutcome.Unreachable)]);

        Assert.Equal(
            """{"outcome":"not_found","peers":[],"path":["P1","P2"],"hops":[{"peer":"P2","trace_id":"","outcome":"not_found"},"""
            + """{"peer":"https://p3:50053","trace_id":"","outcome":"unreachable"}]}""",
            JsonSerializer.Serialize(answer, SnakeCaseJson.Options));
    }

    [Theory]
    [InlineData("""{"outcome":0,"peers":[],"path":["P1"],"hops":[]}""")]
    [InlineData("""{"peers":[],"path":["P1"],"hops":[]}""")]
    [InlineData("""{"outcome":"not_found","peers":[],"path":["P1"],"hops":[{"peer":"P2","trace_id":""}]}""")]
    [InlineData("""{"outcome":"not_found","peers":[],"path":["P1"],"hops":[{"peer":"P2","trace_id":"","outcome":3}]}""")]
    public void A_number_or_a_missing_outcome_is_refused_not_read_as_found(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FriendQueryAnswer>(json, SnakeCaseJson.Options));

    [Fact]
    public void An_answer_that_claims_unreachable_for_itself_is_refused()
    {
        var answer = new FriendQueryAnswer(QueryOutcome.Unreachable, [], ["P1"], []);

        Assert.ThrowsAny<Exception>(() => answer.Checked([]));
    }
}
