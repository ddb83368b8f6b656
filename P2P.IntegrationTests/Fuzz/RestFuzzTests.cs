using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using P2P.Contracts.Peers;
using P2P.Peer.Files;
using P2P.Peer.Registration;

namespace P2P.Tests.Integration.Fuzz;

/// <summary>
/// Throws thousands of random requests at every REST route of the Maestro and a peer: hostile names and ids in paths
/// and query strings, JSON bodies of random shapes, bytes that are not JSON, wrong content types and methods. Nothing
/// may answer 5xx, every 4xx must be problem details, and no file anywhere under the test's folders may change but the
/// peers' leases.
/// Replay a failure with the seed it prints: <c>P2P_FUZZ_SEED=123 dotnet test --filter RestFuzzTests</c>.
/// </summary>
[Collection(DevelopmentNetwork.Name)]
public sealed class RestFuzzTests(DevelopmentFixture network)
{
    private const int Requests = 5000;
    private const int Workers = 8;
    private static readonly string[] s_methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "FUZZ"];

    /// <summary>Refusals that come before the app's own handlers (a network key, a body limit, a rate limit): fine 4xx answers.</summary>
    private static readonly HashSet<int> s_refusals = [401, 403, 413, 429];

    private readonly ConcurrentQueue<string> _failures = new();
    private int _sent;
    private int _raw;
    private int _refusedByServer;
    private int _resent;

    [Fact]
    public async Task Random_names_and_bodies_never_get_a_5xx_or_a_bare_4xx_and_change_no_file()
    {
        var seed = Environment.GetEnvironmentVariable("P2P_FUZZ_SEED") is { } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var root = Path.GetDirectoryName(network.SharedDir("peer1"))!;
        // Files beside the shared folders, where a path that escapes one would land.
        network.Write("", "sentinel.txt", "must never change");
        network.Write("", "passwd", "root:x:0:0");
        network.Write("outside", "secret.txt", "outside every shared folder");
        var before = FolderSnapshot.Take(root, IsNoLease);
        var targets = new[] { (Service: "maestro", Routes: FuzzRoute.Maestro), (Service: "peer1", Routes: FuzzRoute.Peer) }
            .Select(t => (Uri: network.Endpoint(t.Service, "http"), t.Routes)).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = Workers })
        {
            Timeout = TimeSpan.FromSeconds(20),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            // One generator per worker, each seeded from the run's seed, so every worker's sequence of inputs replays.
            var input = new HostileInput(seed + worker) { KnownNames = [SampleFiles.Shared, SampleFiles.OnlyP1, "P1", "P2", "P3"] };
            for (var i = worker; i < Requests; i += Workers)
            {
                var (uri, routes) = targets[i % targets.Length];
                await SendOneAsync(http, uri, input.Pick(routes), input, timeout.Token);
            }
        }, timeout.Token)));

        var elapsed = clock.Elapsed;
        var after = FolderSnapshot.Take(root, IsNoLease);
        var report = $"seed {seed}: {_sent} hostile requests ({_raw} raw) to the Maestro and peer1 in {elapsed.TotalSeconds:F1} s " +
            $"({_refusedByServer} refused by Kestrel before the app, {_resent} sent again after a lost answer), {_failures.Count} failures";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(_failures.IsEmpty, $"{report}:\n{string.Join("\n", _failures.Take(25))}");
        Assert.True(before.SequenceEqual(after), $"{report}; files changed:\n{FolderSnapshot.Diff(before, after)}");
        foreach (var (uri, _) in targets)
        {
            using var health = await http.GetAsync(new Uri(uri, "/health"), TestContext.Current.CancellationToken);
            Assert.True(health.StatusCode == HttpStatusCode.OK, $"{report}; {uri} is no longer healthy: {(int)health.StatusCode}");
        }
        await LeaveWholeAsync();
    }

    /// <summary>
    /// The fuzzer may have paused peer1's heartbeats or emptied the directory as the operator: the classes after it on
    /// this app expect every peer heartbeating and listed.
    /// </summary>
    private async Task LeaveWholeAsync()
    {
        using var resumed = await network.ControlClient("peer1").PostAsync(PeerRoutes.ResumeHeartbeats, null, TestContext.Current.CancellationToken);
        resumed.EnsureSuccessStatusCode();
        await network.WaitUntilWholeAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Every file but the peers' leases: a key holder's <c>DELETE /peers</c> (which the fuzzer reaches by changing the
    /// method of <c>GET /peers</c>) makes each peer register anew and keep the new lease the Maestro issues.
    /// </summary>
    private static bool IsNoLease(string path) =>
        !(path.Contains(SharedFolder.StateFolderName, StringComparison.Ordinal) && Path.GetFileName(path) == LeaseStore.FileName);

    private async Task SendOneAsync(HttpClient http, Uri server, FuzzRoute route, HostileInput input, CancellationToken cancellationToken)
    {
        var method = input.Chance(0.15) ? input.Pick(s_methods) : route.Method;
        var target = Target(route, input);
        var contentType = input.Chance(0.7) && route.BodyFields.Length > 0 ? "application/json" : input.ContentType();
        var body = route.BodyFields.Length > 0 || input.Chance(0.1) ? input.Body(route.BodyFields) : [];
        // Mostly as the operator (raw requests never are), so the routes that need the control token get past it to their handlers.
        var key = input.Chance(0.75) ? network.ControlToken : null;
        var what = $"{method} {server.Authority}{Preview(target)} [{contentType}] {Preview(Encoding.UTF8.GetString(body))}";
        Interlocked.Increment(ref _sent);
        // A target starting "//" would be taken for another host's address: such targets go raw.
        byte[]? raw = null;
        Uri? uri = null;
        if (input.Chance(0.15) || target.StartsWith("//", StringComparison.Ordinal) || !Uri.TryCreate(server, target, out uri))
        {
            // Byte for byte, with text that HttpClient would have escaped left raw: controls, spaces, dot segments.
            Interlocked.Increment(ref _raw);
            // A space, CR or LF would end the request line and test Kestrel's parser (505, 400), not the app: those are escaped.
            var text = input.Chance(0.5) ? target : route.Path.Replace("{}", input.Text());
            raw = Encoding.UTF8.GetBytes(text.Replace(" ", "%20", StringComparison.Ordinal)
                .Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal));
        }

        Task SendAsync() => raw is not null
            ? SendRawAsync(server, method, raw, contentType, body, what, cancellationToken)
            : SendWithClientAsync(http, uri!, method, contentType, body, key, what, cancellationToken);

        try
        {
            await SendAsync();
        }
        catch (Exception first) when (IsNoAnswer(first, cancellationToken))
        {
            // A server may answer (413, 401, 429) before it reads a body and close the connection while the client
            // is still sending it; the client then sees a reset, not the answer (RFC 9112, section 9.6). That loses
            // one connection's answer, not the server's: the same request goes once more, and two lost answers fail.
            Interlocked.Increment(ref _resent);
            try
            {
                await SendAsync();
            }
            catch (Exception second) when (IsNoAnswer(second, cancellationToken))
            {
                _failures.Enqueue($"no answer, twice ({Describe(first)}; then {Describe(second)}) for {what}");
            }
        }
    }

    private static bool IsNoAnswer(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested;

    private static string Describe(Exception e) =>
        string.Join(" <- ", Chain(e).Select(x => $"{x.GetType().Name}: {x.Message}"));

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private async Task SendRawAsync(Uri server, string method, byte[] target, string contentType, byte[] body, string what, CancellationToken cancellationToken)
    {
        var code = await RawHttp.SendAsync(server, method, target, contentType, body, cancellationToken);
        if (code >= 500)
        {
            _failures.Enqueue($"{code} (raw) for {what}");
        }
    }

    private async Task SendWithClientAsync(
        HttpClient http, Uri uri, string method, string contentType, byte[] body, string? key, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }
        if (body.Length > 0 || method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new ByteArrayContent(body);
            if (contentType.Length > 0)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        using var response = await http.SendAsync(request, cancellationToken);
        await CheckAsync(response, method, what, cancellationToken);
    }

    private async Task CheckAsync(HttpResponseMessage response, string method, string what, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (code >= 500)
        {
            _failures.Enqueue($"{code} for {what}: {Preview(body)}");
        }
        else if (code is 400 or 414 or 431 && body.Length == 0 && response.Headers.ConnectionClose == true)
        {
            // Kestrel's own refusal of a request it cannot parse or will not take (a NUL in the decoded path, a target
            // past its 8 KiB limit), before any app code runs.
            Interlocked.Increment(ref _refusedByServer);
        }
        else if (code >= 400 && !s_refusals.Contains(code) && method != "HEAD" && !IsProblem(response, body, code))
        {
            _failures.Enqueue($"{code} without problem details for {what}: [{response.Content.Headers.ContentType}] {Preview(body)}");
        }
    }

    private static bool IsProblem(HttpResponseMessage response, string body, int code)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return false;
        }
        try
        {
            using var problem = JsonDocument.Parse(body);
            return problem.RootElement.TryGetProperty("status", out var status) && status.TryGetInt32(out var value) && value == code;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Target(FuzzRoute route, HostileInput input)
    {
        var path = input.Chance(0.05)
            ? "/" + input.UrlPart() + (input.Chance(0.5) ? "/" + input.UrlPart() : "")
            : route.Path.Replace("{}", input.UrlPart());
        var query = route.Query.Where(_ => input.Chance(0.85)).Select(name => $"{name}={input.UrlPart()}").ToList();
        if (input.Chance(0.2))
        {
            query.Add(input.Chance(0.5) && route.Query.Length > 0 ? $"{input.Pick(route.Query)}={input.UrlPart()}" : $"{input.UrlPart()}={input.UrlPart()}");
        }
        return query.Count > 0 ? path + "?" + string.Join("&", query) : path;
    }

    private static string Preview(string text) => text.Length <= 160 ? text : string.Concat(text.AsSpan(0, 160), $"… ({text.Length} chars)");
}
