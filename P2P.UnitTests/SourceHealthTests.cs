using System.Text.Json;
using Grpc.Core;
using P2P.Contracts;
using P2P.Transfer.Sources;

namespace P2P.Tests.Unit;

/// <summary>A source's record for one download: how its calls' errors count against it, and how its state reads on the wire.</summary>
public sealed class SourceHealthTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.NotFound, true)]
    [InlineData(StatusCode.FailedPrecondition, true)]
    [InlineData(StatusCode.InvalidArgument, true)]
    [InlineData(StatusCode.Internal, false)]
    [InlineData(StatusCode.ResourceExhausted, false)]
    public void A_status_that_will_not_change_on_a_retry_sets_the_source_aside_at_once(StatusCode code, bool fatal)
    {
        var failure = FetchFailure.Of(new RpcException(new Status(code, "line\nbreak")), 3, 0, s_limit);

        Assert.Equal(($"{code}: line?break", fatal), (failure.Why, failure.Fatal));
    }

    [Fact]
    public void A_spent_wait_budget_and_a_transport_error_set_the_source_aside_at_once()
    {
        Assert.Equal(new FetchFailure("DeadlineExceeded: sent nothing for 30 s while sending chunk 3", true),
            FetchFailure.Of(new OperationCanceledException(), 3, 0, s_limit));
        Assert.Equal(new FetchFailure("DeadlineExceeded: sent 10 bytes of chunk 3 in 30 s of waiting, too slow to keep", true),
            FetchFailure.Of(new OperationCanceledException(), 3, 10, s_limit));
        Assert.Equal(new FetchFailure("IOException: reset", true), FetchFailure.Of(new IOException("reset"), 3, 0, s_limit));
    }

    [Fact]
    public void A_source_set_aside_keeps_the_reason_it_was_set_aside_for()
    {
        var health = new SourceHealth();

        health.Fail(new FetchFailure("Unavailable: the fake source is going away", true));
        health.Fail(new FetchFailure("DeadlineExceeded: sent nothing for 30 s while sending chunk 3", true));

        Assert.Equal(SourceState.Failed, health.State);
        Assert.Equal("Unavailable: the fake source is going away", health.Error);
    }

    [Fact]
    public void Failures_in_a_row_set_a_source_aside_and_a_delivered_chunk_forgives_them()
    {
        var health = new SourceHealth();
        var retried = new FetchFailure("Internal: oops", false);

        for (var failure = 1; failure < SourceHealth.MaxFailures; failure++)
        {
            health.Fail(retried);
        }
        health.Delivered(100);
        health.Fail(retried);
        Assert.Equal((SourceState.Active, 1, 100L, "Internal: oops"), (health.State, health.Chunks, health.Bytes, health.Error));
        for (var failure = 1; failure < SourceHealth.MaxFailures; failure++)
        {
            health.Fail(retried);
        }

        Assert.Equal(SourceState.Failed, health.State);
    }

    [Theory]
    [InlineData(SourceState.Active, "active")]
    [InlineData(SourceState.Dropped, "dropped")]
    [InlineData(SourceState.Failed, "failed")]
    public void The_REST_API_writes_a_source_state_as_the_lower_case_word(SourceState state, string word)
    {
        var json = JsonSerializer.Serialize(new SourceStatus("P3", "http://p3:50053", state, 1, 2, null), SnakeCaseJson.Options);

        Assert.Equal($$"""{"id":"P3","grpc_url":"http://p3:50053","state":"{{word}}","chunks":1,"bytes":2,"error":null,"kind":"complete"}""", json);
        Assert.Equal(state, JsonSerializer.Deserialize<SourceStatus>(json, SnakeCaseJson.Options)!.State);
    }
}
