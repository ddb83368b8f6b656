using System.Net;
using P2P.Contracts.Remote;

namespace P2P.Tests.Unit;

/// <summary>Why another node refused a call, as one short line from its problem details, whatever it sent.</summary>
public sealed class RemoteProblemTests
{
    [Theory]
    [InlineData("""{"title":"File not found.","status":404,"detail":"No live peer has 'x.txt'."}""", "No live peer has 'x.txt'.")]
    [InlineData("""{"title":"Invalid.","errors":{"file":["A file name is required."],"mode":["Bad mode."]}}""", "A file name is required. Bad mode.")]
    [InlineData("""{"title":"Only a title."}""", "Only a title.")]
    [InlineData("""{"errors":{"file":null},"detail":"Detail."}""", "Detail.")]
    [InlineData("null", null)]
    [InlineData("{}", null)]
    [InlineData("""{"detail":""", null)]
    public async Task A_problem_becomes_its_errors_else_its_detail_else_its_title(string body, string? expected)
    {
        using var response = CannedHandler.Json(body, HttpStatusCode.BadRequest);

        Assert.Equal(expected, await RemoteProblem.DescribeAsync(response, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_problem_that_is_not_JSON_or_too_large_says_nothing()
    {
        using var html = CannedHandler.With(new StringContent("<html>502</html>", System.Text.Encoding.UTF8, "text/html"), HttpStatusCode.BadGateway);
        using var flood = CannedHandler.With(new FloodContent(FloodContent.HundredMegabytes, declareLength: false), HttpStatusCode.BadGateway);

        Assert.Null(await RemoteProblem.DescribeAsync(html, TestContext.Current.CancellationToken));
        Assert.Null(await RemoteProblem.DescribeAsync(flood, TestContext.Current.CancellationToken));
    }
}
