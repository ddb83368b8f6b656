using P2P.Contracts.Remote;

namespace P2P.Tests.Unit;

/// <summary>
/// Issue 26, item 8: another node's gRPC address is https only, and a remote party may not point this node at a
/// loopback, link-local or unspecified address (a blind request to this machine's or the link's services) unless the
/// party itself was reached on loopback, as in the AppHost's and the tests' one-machine networks.
/// </summary>
public sealed class RemoteAddressTests
{
    private const string Sha = MaestroAnswerTests.Sha;
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> LyingAddresses { get; } = new()
    {
        { "http://p3:8002", "http://p3:50053", "https://" },
        { "http://p3:8002", "https://127.0.0.1:50053", "loopback" },
        { "http://p3:8002", "https://localhost:50053", "loopback" },
        { "http://p3:8002", "https://[::1]:50053", "loopback" },
        { "http://p3:8002", "https://[::ffff:127.0.0.2]:50053", "loopback" },
        { "http://p3:8002", "https://0.0.0.0:50053", "loopback" },
        { "http://p3:8002", "https://169.254.169.254:50053", "link-local" },
        { "http://p3:8002", "https://[fe80::1]:50053", "link-local" },
        { "http://127.0.0.1:8002", "https://p3:50053", "rest_url" },
        { "http://metadata.localhost/", "https://p3:50053", "rest_url" },
    };

    [Theory]
    [MemberData(nameof(LyingAddresses))]
    public async Task Item8_a_lying_lookup_answer_pointing_at_cleartext_or_local_addresses_has_that_entry_dropped(string restUrl, string grpcUrl, string why)
    {
        var maestro = MaestroAnswerTests.Client(_ => CannedHandler.Json(
            $$"""{"file":"a.txt","peers":[{{Location("P3", restUrl, grpcUrl)}},{{MaestroAnswerTests.GoodLocation}}]}"""));

        var located = await maestro.LocateAsync("a.txt", _token);

        Assert.Equal("P2", Assert.Single(located).Id);
        var dropped = await DroppedAsync("https://maestro.test/locate", Location("P3", restUrl, grpcUrl));
        Assert.Contains(why, Assert.Single(dropped));
    }

    [Fact]
    public async Task Item8_a_party_reached_on_loopback_may_name_loopback_addresses_but_never_cleartext_grpc()
    {
        Assert.Empty(await DroppedAsync("https://127.0.0.1:9443/locate", Location("P3", "http://127.0.0.1:8002", "https://127.0.0.1:50053")));
        Assert.Empty(await DroppedAsync("https://localhost:9443/locate", Location("P3", "http://localhost:8002", "https://[::1]:50053")));
        var dropped = await DroppedAsync("https://127.0.0.1:9443/locate", Location("P3", "http://127.0.0.1:8002", "http://127.0.0.1:50053"));
        Assert.Contains("https://", Assert.Single(dropped));
    }

    private async Task<IReadOnlyList<string>> DroppedAsync(string asked, string location)
    {
        using var response = CannedHandler.Json($$"""{"file":"a.txt","peers":[{{location}}]}""");
        response.RequestMessage = new HttpRequestMessage(HttpMethod.Get, asked);
        return (await response.ReadAnswerAsync<P2P.Contracts.Maestro.LocateResponse>("the Maestro", _token)).Dropped;
    }

    private static string Location(string id, string restUrl, string grpcUrl) =>
        $$"""{"id":"{{id}}","rest_url":"{{restUrl}}","grpc_url":"{{grpcUrl}}","size":51,"sha256":"{{Sha}}","fingerprint":"{{new string('f', 64)}}"}""";
}
