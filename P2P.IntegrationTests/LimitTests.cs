using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using P2P.Connections;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Security;
using P2P.Contracts.Transfer.V1;

namespace P2P.Tests.Integration;

/// <summary>Rate limits, body caps, transfers per client and the upload quota: each refused with a clear error.</summary>
[Collection(LimitsNetwork.Name)]
public sealed class LimitTests(LimitsFixture network)
{
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("maestro", MaestroRoutes.Peers)]
    [InlineData("peer1", "/files")]
    public async Task A_client_over_the_rate_limit_gets_429_with_Retry_After_while_health_stays_open(string resource, string path)
    {
        // A plain client: the test clients' resilience handler would retry 429 answers and hide them.
        using var client = new HttpClient { BaseAddress = network.Endpoint(resource, "http") };

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 200 && limited is null; i++)
        {
            var response = await client.GetAsync(path, _token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.NotNull(limited);
        using (limited)
        {
            var problem = await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.Contains("rate_limit_per_second", problem.GetProperty("detail").GetString());
            var retryAfter = limited.Headers.RetryAfter?.Delta;
            Assert.NotNull(retryAfter);
            Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        }
        using var health = await client.GetAsync("/health", _token);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, health.StatusCode);
    }

    [Fact]
    public async Task A_REST_request_claiming_to_be_gRPC_is_rate_limited_while_real_gRPC_calls_never_are()
    {
        using var client = new HttpClient { BaseAddress = network.Endpoint("peer1", "http") };
        var limited = false;
        for (var i = 0; i < 200 && !limited; i++)
        {
            // Any client can send this header: it once exempted a request from every REST limit.
            using var request = new HttpRequestMessage(HttpMethod.Get, "/files") { Content = new ByteArrayContent([]) };
            request.Content.Headers.ContentType = new("application/grpc");
            using var response = await client.SendAsync(request, _token);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests;
        }
        Assert.True(limited, "200 requests with Content-Type application/grpc were never rate limited");

        // The same client, now out of REST tokens, is still served every gRPC call, far past the REST burst.
        var channel = network.Grpc("peer1");
        var grpc = new FileTransfer.FileTransferClient(channel);
        for (var i = 0; i < 50; i++)
        {
            var manifest = await grpc.GetManifestAsync(new GetManifestRequest { FileName = SampleFiles.Shared }, cancellationToken: _token);
            Assert.Equal(SampleFiles.Sha256(SampleFiles.SharedContent), manifest.Sha256);
        }
    }

    [Fact]
    public async Task A_registration_larger_than_the_body_cap_is_413_whether_its_length_is_declared_or_not()
    {
        using var client = network.Client("maestro");
        var files = Enumerable.Range(0, 1000).Select(i => new SharedFileEntry($"file-{i}.bin", i, SampleFiles.Sha256(i.ToString()))).ToList();
        var registration = new PeerRegistration("B1", "http://b1.invalid:8000", "http://b1.invalid:50051", files);
        var json = System.Text.Json.JsonSerializer.Serialize(registration, SnakeCaseJson.Options);
        Assert.True(json.Length > LimitsFixture.MaestroBodyBytes);

        // Registrations come over the TLS port from a proven member: the cap applies there.
        using var member = network.Members.Invoker(network.TlsUrl("maestro"));
        var register = new Uri(new Uri(network.TlsUrl("maestro")), MaestroRoutes.Register);
        // Over HTTP/2, where the refusal resets one stream rather than the connection the body is still going to; the
        // undeclared one also over HTTP/1.1 (chunked), as the peers' client sends it.
        using var declared = await member.SendAsync(Http2(register, new StringContent(json, Encoding.UTF8, "application/json")), _token);
        using var undeclared = await member.SendAsync(Http2(register, JsonContent.Create(registration, options: SnakeCaseJson.Options)), _token);
        using var chunked = await member.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, register) { Content = JsonContent.Create(registration, options: SnakeCaseJson.Options) }, _token);

        var problem = await declared.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("max_request_body_bytes", problem.GetProperty("detail").GetString());
        Assert.Contains(LimitsFixture.MaestroBodyBytes.ToString(), problem.GetProperty("detail").GetString());
        await undeclared.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await chunked.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.DoesNotContain(await client.GetJsonAsync<List<PeerSummary>>(MaestroRoutes.Peers), p => p.Id == "B1");
    }

    [Fact]
    public async Task A_peer_refuses_a_body_larger_than_its_cap_with_413()
    {
        using var client = network.Client("peer1");
        var body = $$"""{"file": "{{new string('a', LimitsFixture.PeerBodyBytes)}}.txt"}""";

        using var response = await PostAsync(client, "/downloads", new StringContent(body, Encoding.UTF8, "application/json"), network.ControlToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("max_request_body_bytes", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_client_past_its_transfers_in_flight_is_refused_with_ResourceExhausted()
    {
        var (name, _) = await network.ShareRandomFileAsync(8 * 1024 * 1024, "peer1");
        var channel = network.Grpc("peer1");
        var client = new FileTransfer.FileTransferClient(channel);
        var open = new List<AsyncServerStreamingCall<FileChunk>>();
        try
        {
            // Each held stream has sent its first message and, unread, stays in flight on the peer.
            for (var i = 0; i < LimitsFixture.TransfersPerClient; i++)
            {
                var call = client.Download(new DownloadRequest { FileName = name }, cancellationToken: _token);
                open.Add(call);
                Assert.True(await call.ResponseStream.MoveNext(_token));
            }
            using var refused = client.Download(new DownloadRequest { FileName = name }, cancellationToken: _token);
            var error = await Assert.ThrowsAsync<RpcException>(() => refused.ResponseStream.MoveNext(_token));

            Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
            Assert.Contains("max_transfers_per_client", error.Status.Detail);
        }
        finally
        {
            open.ForEach(call => call.Dispose());
        }

        // Once the held streams end, their slots are free again.
        await Eventually.ReturnsAsync(
            async ct =>
            {
                using var call = client.Download(new DownloadRequest { FileName = name, Length = 1 }, cancellationToken: ct);
                try
                {
                    return await call.ResponseStream.MoveNext(ct);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    return false;
                }
            },
            served => served, TimeSpan.FromSeconds(30), "a download served after the others ended");
    }

    [Fact]
    public async Task A_Fetch_whose_caller_asks_for_nothing_is_ended_with_DeadlineExceeded_after_the_idle_limit()
    {
        // A channel of its own that reports the server's DeadlineExceeded as a status, not as a cancellation.
        using var channel = GrpcChannel.ForAddress(network.TlsUrl("peer1"), new GrpcChannelOptions
        {
            HttpHandler = NodeConnection.Create(
                TestMembers.Holding(network.NetworkKey), new ServerPin(expected: null), TimeProvider.System, PeerChannels.Transport),
        });
        using var silent = new FileTransfer.FileTransferClient(channel).Fetch(cancellationToken: _token);
        var opened = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(() => silent.ResponseStream.MoveNext(_token).WaitAsync(TimeSpan.FromSeconds(30), _token));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("fetch_idle_seconds", error.Status.Detail);
        Assert.InRange(opened.Elapsed, TimeSpan.FromSeconds(LimitsFixture.FetchIdleSeconds - 0.5), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_download_past_max_queued_downloads_is_refused_with_503_naming_the_setting()
    {
        // A source that takes connections and never answers keeps the first download waiting for its manifest.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var source = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
            // A plain client: the test clients' resilience handler would retry 503 answers and hide them.
            using var client = new HttpClient { BaseAddress = network.Endpoint("peer1", "http") };
            client.DefaultRequestHeaders.Authorization = new("Bearer", network.ControlToken);

            using var first = await PostDownloadAsync(client, "a.bin", source);
            using var second = await PostDownloadAsync(client, "b.bin", source);

            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            var problem = await second.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains("max_queued_downloads", problem.GetProperty("detail").GetString());
            using var cancelled = await client.DeleteAsync(first.Headers.Location, _token);
        }
        finally
        {
            silent.Stop();
        }
    }

    [Fact]
    public async Task An_upload_past_the_quota_is_refused_with_the_setting_named()
    {
        var channel = network.Grpc("peer2");
        var client = new FileTransfer.FileTransferClient(channel);
        var bytes = RandomNumberGenerator.GetBytes(LimitsFixture.UploadQuotaBytes + 1);
        var header = new UploadHeader
        {
            FileName = $"over-{Guid.NewGuid():N}.bin", Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };

        var error = await Assert.ThrowsAsync<RpcException>(() => UploadClient.UploadAsync(client, header, bytes, _token));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("upload_quota_bytes", error.Status.Detail);
        Assert.False(File.Exists(Path.Combine(network.SharedDir("peer2"), header.FileName)));
    }

    private async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, HttpContent content, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new("Bearer", token);
        return await client.SendAsync(request, _token);
    }

    private static HttpRequestMessage Http2(Uri uri, HttpContent content) =>
        new(HttpMethod.Post, uri) { Content = content, Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };

    /// <summary>Starts a download, waiting out the peer's small REST rate limit, which the class's other tests spend.</summary>
    private async Task<HttpResponseMessage> PostDownloadAsync(HttpClient client, string file, string source)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.PostAsJsonAsync("/downloads", new { file, sources = new[] { source } }, _token);
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt == 20)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(500), _token);
        }
    }
}
