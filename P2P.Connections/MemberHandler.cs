using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using P2P.Contracts;
using P2P.Contracts.Remote;
using P2P.Contracts.Security;

namespace P2P.Connections;

/// <summary>
/// The client's half of membership, for one server: before the first call (and again after the server's certificate
/// changes, it forgets us, or half an hour passes) it proves this node holds the network key over the TLS session and
/// checks the server's proof in return; a server that fails it, or whose certificate is not the one expected, gets no call.
/// Every call goes as HTTP/2 (and only so), on the connection the proof was made on, and a connection that
/// shows another certificate than the proven one is refused at its handshake (<see cref="ServerPin"/>).
/// </summary>
public sealed class MemberHandler(NodeCredentials credentials, ServerPin pin, TimeProvider time, Func<HttpMessageHandler> createTransport, ILogger logger)
    : HttpMessageHandler
{
    /// <summary>Shorter than the server's memory of a proof (an hour), so a proof is renewed before the server forgets it.</summary>
    public static readonly TimeSpan ProofLifetime = TimeSpan.FromMinutes(30);

    private readonly SemaphoreSlim _proving = new(1, 1);
    private volatile Proof? _proven;
    private volatile HttpMessageInvoker _transport = new(createTransport());

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // One protocol for the proof and the calls it covers, so every call rides the proven HTTP/2 connection.
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        await EnsureProvenAsync(request, cancellationToken);
        var response = await SendGuardedAsync(request, cancellationToken);
        if (!response.Headers.Contains(MembershipRoutes.RequiredHeader))
        {
            return response;
        }
        // The server no longer knows this node (it restarted): prove again. A REST request, refused before it was read,
        // is sent once more; a gRPC call's stream cannot be, and fails this once.
        _proven = null;
        if (request.Content?.Headers.ContentType?.MediaType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            return response;
        }
        response.Dispose();
        await EnsureProvenAsync(request, cancellationToken);
        return await SendGuardedAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _proving.Dispose();
            _transport.Dispose();
        }
        base.Dispose(disposing);
    }

    private bool IsProven => _proven is { } proven && proven.Changes == pin.Changes && time.GetUtcNow() - proven.At < ProofLifetime;

    private async Task EnsureProvenAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (IsProven)
        {
            return;
        }
        await _proving.WaitAsync(cancellationToken);
        try
        {
            if (!IsProven)
            {
                await ProveAsync(new Uri(request.RequestUri!.GetLeftPart(UriPartial.Authority)), cancellationToken);
            }
        }
        finally
        {
            _proving.Release();
        }
    }

    private async Task ProveAsync(Uri server, CancellationToken cancellationToken)
    {
        using var challengeResponse = await SendGuardedAsync(Post(server, MembershipRoutes.Challenge, null), cancellationToken);
        var challenge = await ReadAsync<MembershipChallenge>(challengeResponse, server, cancellationToken);
        var changes = pin.Changes;
        var serverFingerprint = pin.Observed ?? throw new MembershipException($"The server at {server} showed no certificate.");
        var clientNonce = MembershipProof.NewNonce();
        var proof = MembershipProof.Compute(
            credentials.NetworkKey, MembershipRole.Client, challenge.ServerNonce, clientNonce, credentials.Identity.Fingerprint, serverFingerprint);
        using var proofResponse = await SendGuardedAsync(
            Post(server, MembershipRoutes.Proof, new MembershipClaim(challenge.ServerNonce, clientNonce, proof)), cancellationToken);
        if (proofResponse.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new MembershipException($"The server at {server} (certificate {serverFingerprint}) refused this node's "
                + "membership proof: the two do not share the network key.");
        }
        var answer = await ReadAsync<MembershipAnswer>(proofResponse, server, cancellationToken);
        if (!MembershipProof.Verify(credentials.NetworkKey, MembershipRole.Server, challenge.ServerNonce, clientNonce,
                credentials.Identity.Fingerprint, serverFingerprint, answer.Proof))
        {
            throw new MembershipException($"The server at {server} (certificate {serverFingerprint}) did not prove it holds the "
                + "network key; nothing was sent to it.");
        }
        if (pin.Proven(serverFingerprint))
        {
            // Connections made before the proof that showed another certificate must carry no call: drop them all.
            var unproven = _transport;
            _transport = new HttpMessageInvoker(createTransport());
            unproven.Dispose();
        }
        _proven = new Proof(changes, time.GetUtcNow());
    }

    private static HttpRequestMessage Post(Uri server, string route, object? body) => new HttpRequestMessage(HttpMethod.Post, new Uri(server, route))
    {
        // HTTP/2 only, so the exchange opens the one connection every call then shares.
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Content = JsonContent.Create(body, options: SnakeCaseJson.Options),
    }.WithRouteTemplate(route);

    /// <summary>Sends, and turns a handshake refused for an unexpected certificate into an error that names both fingerprints.</summary>
    private async Task<HttpResponseMessage> SendGuardedAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _transport.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e) when (e is not MembershipException && pin.Refused is { } refused && pin.Required is { } required)
        {
            var server = request.RequestUri!.GetLeftPart(UriPartial.Authority);
            logger.ServerCertificateRefused(server, refused, required, pin.Expected is null ? "proved membership with" : "was reported to show");
            var why = pin.Expected is null ? "the one it proved membership with" : "as it was reported";
            throw new MembershipException(
                $"The server at {server} presented certificate {refused}, not {required} {why}; refused, and nothing was sent to it.", e);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, Uri server, CancellationToken cancellationToken)
        where T : class
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new MembershipException($"The server at {server} answered {(int)response.StatusCode} to the membership exchange.");
        }
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(SnakeCaseJson.Options, cancellationToken)
                ?? throw new MembershipException($"The server at {server} answered the membership exchange with nothing.");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new MembershipException($"The server at {server} answered the membership exchange with something else than its JSON.", e);
        }
    }

    /// <summary>A proof that held, for the server's certificate as it was (its change count) and when.</summary>
    private sealed record Proof(int Changes, DateTimeOffset At);
}
