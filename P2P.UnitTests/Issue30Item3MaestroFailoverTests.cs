using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Peer;
using P2P.Peer.Maestro;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 30 item 3: a peer that knows several Maestros (<c>maestro_url</c> as a list) calls the first, moves to the next
/// when it does not answer, and comes back to the first later; the list is checked at start.
/// </summary>
public sealed class Issue30Item3MaestroFailoverTests : IDisposable
{
    private const string First = "https://maestro-a:9443";
    private const string Second = "https://maestro-b:9443";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly TempFolder _folder = new();
    private bool _firstAnswers = true;
    private TaskCompletionSource? _firstHangs;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Item3_maestro_url_binds_as_a_string_or_a_list_of_https_urls_and_a_bad_list_is_refused_at_start()
    {
        var one = Options("\"" + First + "\"");
        var two = Options($"[\"{First}\", \"{Second}\"]");

        Assert.Equal([First], one.MaestroUrls);
        Assert.Equal([First, Second], two.MaestroUrls);
        Assert.Empty(PeerConfigurationTests.Validate(one));
        Assert.Empty(PeerConfigurationTests.Validate(two));
        Assert.Contains(Errors($"[\"{First}\", \"http://maestro-b:9000\"]"), e => e.Contains("TLS address"));
        Assert.Contains(Errors($"[\"{First}\", \"not a url\"]"), e => e.Contains("absolute URL"));
        Assert.Contains(Errors("[]"), e => e.Contains("1 to 4"));
        var five = "[" + string.Join(", ", Enumerable.Range(1, 5).Select(i => $"\"https://m{i}:9443\"")) + "]";
        Assert.Contains(Errors(five), e => e.Contains("1 to 4"));
    }

    [Fact]
    public async Task Item3_calls_move_to_the_second_maestro_when_the_first_stops_answering_and_back_after_a_while()
    {
        var (client, first, second) = Client();
        await client.RegisterAsync(DirectoryKit.Peer("P1"), null, TestContext.Current.CancellationToken);

        _firstAnswers = false;
        await client.RegisterAsync(DirectoryKit.Peer("P1"), null, TestContext.Current.CancellationToken);
        Assert.Empty(await client.LocateAsync("a.txt", TestContext.Current.CancellationToken));

        Assert.Equal(["POST maestro-a/register", "POST maestro-a/register"], first.Requests);
        Assert.Equal(["POST maestro-b/register", "GET maestro-b/locate"], second.Requests);

        _firstAnswers = true;
        _time.Advance(MaestroEndpoints.FailbackAfter);
        Assert.Empty(await client.LocateAsync("a.txt", TestContext.Current.CancellationToken));
        Assert.Equal("GET maestro-a/locate", first.Requests.Last());
    }

    [Fact]
    public async Task Item3_a_first_maestro_that_holds_the_call_silent_gives_way_to_the_second_after_the_attempt_s_time()
    {
        var (client, _, second) = Client();
        _firstHangs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var located = client.LocateAsync("a.txt", TestContext.Current.CancellationToken);
        await _firstHangs.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        _time.Advance(MaestroFailover.AttemptTimeout);

        Assert.Empty(await located.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        Assert.Equal(["GET maestro-b/locate"], second.Requests);
    }

    private (MaestroClient Client, CannedHandler First, CannedHandler Second) Client()
    {
        var first = new CannedHandler(request => _firstAnswers ? Answer(request) : throw new HttpRequestException("Connection refused"));
        var second = new CannedHandler(Answer);
        var options = Microsoft.Extensions.Options.Options.Create(new PeerOptions { MaestroUrlList = [First, Second] });
        var endpoints = new MaestroEndpoints(options, _time);
        var failover = new MaestroFailover(endpoints, i => i == 0 ? new Silent(this, first) : second, _time, NullLogger.Instance);
        var http = new HttpClient(failover) { BaseAddress = endpoints.Urls[0] };
        return (new MaestroClient(http, NullLogger<MaestroClient>.Instance), first, second);
    }

    private static HttpResponseMessage Answer(HttpRequestMessage request) => request.Method == HttpMethod.Post
        ? CannedHandler.With(JsonContent.Create(new RegistrationAccepted("P1", 0, 15, new string('a', 64)), options: SnakeCaseJson.Options))
        : new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };

    private PeerOptions Options(string maestroUrl) => PeerConfigurationTests.Bind(PeerConfigurationTests.Load(_folder.Write("config.json",
        $$"""{ "id": "P1", "shared_dir": "s", "maestro_url": {{maestroUrl}}, "network_key": "0123456789abcdef" }""")));

    private IEnumerable<string> Errors(string maestroUrl) => PeerConfigurationTests.Validate(Options(maestroUrl)).Select(r => r.ErrorMessage!);

    // The first Maestro's connection: it answers through the canned handler, or holds the call until it is cancelled.
    private sealed class Silent(Issue30Item3MaestroFailoverTests test, CannedHandler answers) : DelegatingHandler(answers)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (test._firstHangs is { } hangs)
            {
                hangs.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
