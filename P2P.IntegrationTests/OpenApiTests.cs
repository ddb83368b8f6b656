using System.Text.Json;
using P2P.Hosting.OpenApi;
using P2P.Hosting.Security;

namespace P2P.Tests.Integration;

/// <summary>
/// The Maestro's and the peers' published OpenAPI documents: every route, a problem answer for every error a route
/// returns, and the control token's requirement on the routes that need it, which the docs must list (issue 26 item 8).
/// </summary>
[Collection(DevelopmentNetwork.Name)]
public sealed class OpenApiTests(DevelopmentFixture network)
{
    [Theory]
    [InlineData("maestro", "get /locate", "200 400 404")]
    [InlineData("maestro", "get /peers/{id}", "200 404")]
    [InlineData("maestro", "put /peers/{id}/heartbeat", "204 401 403 404")]
    [InlineData("maestro", "delete /peers/{id}", "204 401 403 404")]
    [InlineData("maestro", "post /register", "200 400 401 403 507")]
    [InlineData("peer1", "get /locate", "200 400 403 404")]
    [InlineData("peer1", "get /search", "200 400")]
    [InlineData("peer1", "post /downloads", "202 400 401 503")]
    [InlineData("peer1", "delete /downloads/{id}", "202 401 404 409")]
    [InlineData("peer1", "post /refresh", "200 401")]
    [InlineData("peer1", "get /files", "200")]
    public async Task Each_route_is_published_with_its_answers_and_problem_examples(string service, string route, string statuses)
    {
        using var document = await FetchAsync(service);
        var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);

        var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);

        Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()));
        var responses = operation.GetProperty("responses");
        Assert.Equal(statuses.Split(' '), responses.EnumerateObject().Select(r => r.Name).Order());
        foreach (var error in responses.EnumerateObject().Where(r => r.Name[0] == '4'))
        {
            var problem = error.Value.GetProperty("content").GetProperty("application/problem+json");
            Assert.Equal(int.Parse(error.Name), problem.GetProperty("example").GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task Records_carry_snake_case_examples()
    {
        using var maestro = await FetchAsync("maestro");
        using var peer = await FetchAsync("peer2");

        var locate = maestro.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("LocateResponse");
        var download = peer.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("DownloadStatus");

        Assert.Equal("archivo1.txt", locate.GetProperty("examples")[0].GetProperty("file").GetString());
        Assert.Equal("running", download.GetProperty("examples")[0].GetProperty("state").GetString());
        Assert.Equal("P2P Peer", peer.RootElement.GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Item8_the_docs_list_every_route_that_needs_the_control_token()
    {
        var protectedRoutes = new List<string>();
        foreach (var (service, name) in new[] { ("maestro", "maestro"), ("peer1", "peer") })
        {
            using var document = await FetchAsync(service);
            protectedRoutes.AddRange(
                from path in document.RootElement.GetProperty("paths").EnumerateObject()
                from operation in path.Value.EnumerateObject()
                where operation.Value.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(r => r.TryGetProperty(ControlTokenAuthentication.SchemeName, out _))
                select $"{name} {operation.Name.ToUpperInvariant()} {path.Name}");
        }

        Assert.Contains("peer POST /downloads", protectedRoutes);
        Assert.Equal(protectedRoutes.Order(), DocsControlRoutes.InTable().Order());
        Assert.Equal(protectedRoutes.Select(r => r[(r.IndexOf(' ') + 1)..]).Order(), DocsControlRoutes.InTrustModel().Order());
    }

    private async Task<JsonDocument> FetchAsync(string service)
    {
        using var client = network.Client(service);
        using var response = await client.GetAsync(OpenApiSetup.DocumentPath, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{service}{OpenApiSetup.DocumentPath}: {(int)response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
