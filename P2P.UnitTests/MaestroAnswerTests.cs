using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Contracts.Remote;
using P2P.Peer;
using P2P.Peer.Maestro;

namespace P2P.Tests.Unit;

/// <summary>A Maestro that lies: every answer it gives to a registration or a lookup is refused or cleaned, never trusted.</summary>
public sealed class MaestroAnswerTests
{
    public const string Sha = "a25c753cdc9963ec6c96c0c95280d5e1f71ce654673d849662d1580ab7b899d4";
    public const string Fingerprint = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
    public const string GoodLocation =
        $$"""{"id":"P2","rest_url":"http://p2:8001","grpc_url":"https://p2:50052","size":51,"sha256":"{{Sha}}","fingerprint":"{{Fingerprint}}"}""";

    private static readonly PeerRegistration s_registration = new("P1", "http://p1:8000", "http://p1:50051", []);
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    public static TheoryData<string, string> LyingRegistrations { get; } = new()
    {
        { "null", "null" },
        { "{}", "missing required properties" },
        { """{"id":"P1","file_count":1,"peer_ttl_seconds":15""", "does not fit" },
        { """{"id":null,"file_count":1,"peer_ttl_seconds":15}""", "does not fit" },
        { """{"id":"P1","file_count":-1,"peer_ttl_seconds":15}""", "file_count" },
        { """{"id":"P1","file_count":1,"peer_ttl_seconds":0}""", "peer_ttl_seconds" },
        { """{"id":"P1","file_count":1,"peer_ttl_seconds":-15}""", "peer_ttl_seconds" },
        { """{"id":"P1","file_count":1,"peer_ttl_seconds":2147483647}""", "peer_ttl_seconds" },
        { """{"id":"P1\u0007","file_count":1,"peer_ttl_seconds":15}""", "peer id" },
        { """{"id":"P1","file_count":1,"peer_ttl_seconds":15,"lease_token":"t\r\nX-Evil: 1"}""", "lease_token" },
        { """{"id":"P1","file_count":1,"peer_ttl_seconds":15,"lease_token":""}""", "lease_token" },
    };

    public static TheoryData<string> LyingLocations { get; } = new()
    {
        "null",
        Location(size: "-1"),
        Location(size: "1152921504606846976"),
        Location(sha256: "not-hex"),
        Location(sha256: Sha.ToUpperInvariant()),
        Location(grpcUrl: "file:///etc/passwd"),
        Location(grpcUrl: "javascript:alert(1)"),
        Location(restUrl: "ftp://p3"),
        Location(id: ""),
        Location(id: "P3\\n"),
        Location(id: new string('P', 100_000)),
    };

    [Theory]
    [MemberData(nameof(LyingRegistrations))]
    public async Task A_lying_answer_to_a_registration_is_refused(string body, string why)
    {
        var maestro = Client(_ => CannedHandler.Json(body));

        var refused = await Assert.ThrowsAsync<RemoteAnswerException>(() => maestro.RegisterAsync(s_registration, null, _token));

        Assert.Contains(why, refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("the Maestro", refused.Message);
    }

    [Fact]
    public async Task A_registration_answer_without_a_lease_is_accepted_as_an_older_Maestro_sends_it()
    {
        var maestro = Client(_ => CannedHandler.Json("""{"id":"P1","file_count":0,"peer_ttl_seconds":15}"""));

        var accepted = await maestro.RegisterAsync(s_registration, null, _token);

        Assert.Null(accepted.LeaseToken);
    }

    [Theory]
    [InlineData("text/html", "<html>hello</html>")]
    [InlineData("text/plain", "{\"file\":\"a.txt\",\"peers\":[]}")]
    public async Task An_answer_that_is_not_JSON_by_its_content_type_is_refused(string type, string body)
    {
        var maestro = Client(_ => CannedHandler.With(new StringContent(body, System.Text.Encoding.UTF8, type)));

        var refused = await Assert.ThrowsAsync<RemoteAnswerException>(() => maestro.LocateAsync("a.txt", _token));

        Assert.Contains("not JSON", refused.Message);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"file":"a.txt"}""")]
    [InlineData("""{"file":"a.txt","peers":null}""")]
    [InlineData("""{"file":"a.txt","peers":[""")]
    [InlineData("""{"file":"../../etc/passwd","peers":[]}""")]
    [InlineData("""[1,2,3]""")]
    public async Task A_malformed_lookup_answer_is_refused_rather_than_taken_for_no_holders(string body)
    {
        var maestro = Client(_ => CannedHandler.Json(body));

        await Assert.ThrowsAsync<RemoteAnswerException>(() => maestro.LocateAsync("a.txt", _token));
    }

    [Theory]
    [MemberData(nameof(LyingLocations))]
    public async Task A_bad_location_is_left_out_and_the_good_ones_kept(string bad)
    {
        var maestro = Client(_ => CannedHandler.Json($$"""{"file":"a.txt","peers":[{{bad}},{{GoodLocation}}]}"""));

        var located = await maestro.LocateAsync("a.txt", _token);

        Assert.Equal("P2", Assert.Single(located).Id);
    }

    [Theory]
    [InlineData(1_001)]
    [InlineData(100_000)]
    public async Task An_answer_with_more_locations_than_the_cap_is_refused(int count)
    {
        var maestro = Client(_ => CannedHandler.Json($$"""{"file":"a.txt","peers":[{{string.Join(',', Enumerable.Repeat(GoodLocation, count))}}]}"""));

        await Assert.ThrowsAsync<RemoteAnswerException>(() => maestro.LocateAsync("a.txt", _token));
    }

    [Theory]
    [InlineData(true, "declares", 0)]
    [InlineData(false, "longer than", RemoteAnswerReader.DefaultMaxBytes + 1)]
    public async Task A_100_MB_answer_is_refused_once_its_declared_length_or_its_bytes_pass_the_cap(bool declared, string why, int mostRead)
    {
        var flood = new FloodContent(FloodContent.HundredMegabytes, declared);
        var maestro = Client(_ => CannedHandler.With(flood));

        var refused = await Assert.ThrowsAsync<RemoteAnswerException>(() => maestro.LocateAsync("a.txt", _token));

        Assert.Contains(why, refused.Message);
        Assert.InRange(flood.BytesRead, 0, mostRead);
    }

    [Fact]
    public async Task An_answer_that_breaks_off_is_refused_as_the_connection_failing_would_be()
    {
        var maestro = Client(_ => CannedHandler.With(new FloodContent(1_000, declareLength: true, breakAfter: 100)));

        var refused = await Assert.ThrowsAsync<RemoteAnswerException>(() => maestro.LocateAsync("a.txt", _token));

        Assert.Contains("broke off", refused.Message);
        Assert.True(RemoteCallFailure.IsExpected(refused, _token));
    }

    [Fact]
    public async Task A_refusal_is_read_with_a_cap_and_reported_on_one_line()
    {
        var refusal = $$"""{"title":"Bad","detail":"line one\nline two {{new string('x', 10_000)}}"}""";
        var maestro = Client(_ => CannedHandler.Json(refusal, HttpStatusCode.BadRequest));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => maestro.LocateAsync("a.txt", _token));

        Assert.DoesNotContain('\n', refused.Message);
        Assert.Contains("line one line two", refused.Message);
        Assert.True(refused.Message.Length < 500, refused.Message);
    }

    public static MaestroClient Client(Func<HttpRequestMessage, HttpResponseMessage> answer) => Client(new CannedHandler(answer));

    public static MaestroClient Client(CannedHandler handler) => new(
        new HttpClient(handler) { BaseAddress = new Uri("https://maestro.test") }, NullLogger<MaestroClient>.Instance);

    /// <summary>A location as the Maestro writes one, with the field a test lies about; <paramref name="size"/> is raw JSON.</summary>
    private static string Location(
        string id = "P3", string restUrl = "http://p3:8002", string grpcUrl = "https://p3:50053", string size = "1", string sha256 = Sha) =>
        $$"""{"id":"{{id}}","rest_url":"{{restUrl}}","grpc_url":"{{grpcUrl}}","size":{{size}},"sha256":"{{sha256}}","fingerprint":"{{Fingerprint}}"}""";
}
