using System.Net;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Remote;

namespace P2P.Peer.Maestro;

/// <summary>
/// The peer's calls into the Maestro's TLS port, as a proven member. Changes carry, once the Maestro has issued one,
/// the entry's lease token. Answers are read as untrusted (<see cref="RemoteAnswerReader"/>):
/// one that is refused throws <see cref="RemoteAnswerException"/>, which callers treat as an unreachable Maestro.
/// </summary>
public sealed class MaestroClient(HttpClient http, ILogger<MaestroClient> logger)
{
    private const string Party = "the Maestro";

    // The whole exchange, answer included: the resilience handler's timeouts end when the headers arrive, and a
    // Maestro that trickled its body would otherwise hold the registration loop for good.
    private static readonly TimeSpan s_exchangeTimeout = TimeSpan.FromSeconds(30);

    public async Task<RegistrationAccepted> RegisterAsync(PeerRegistration registration, string? lease, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        using var request = Change(HttpMethod.Post, MaestroRoutes.Register, MaestroRoutes.Register, lease);
        request.Content = JsonContent.Create(registration, options: SnakeCaseJson.Options);
        using var response = await SendAsync(request, deadline.Token);
        await EnsureSuccessAsync(response, deadline.Token);
        return (await response.ReadAnswerAsync<RegistrationAccepted>(Party, deadline.Token)).Value;
    }

    /// <summary>Returns false when the Maestro does not know this peer (it restarted or let the entry expire).</summary>
    public async Task<bool> HeartbeatAsync(string id, string? lease, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        using var request = Change(HttpMethod.Put, MaestroRoutes.Heartbeat(id), MaestroRoutes.HeartbeatTemplate, lease);
        using var response = await SendAsync(request, deadline.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, deadline.Token);
        return true;
    }

    public async Task DeregisterAsync(string id, string? lease, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        using var request = Change(HttpMethod.Delete, MaestroRoutes.Peer(id), MaestroRoutes.PeerTemplate, lease);
        using var response = await SendAsync(request, deadline.Token);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, deadline.Token);
        }
    }

    /// <summary>Tells the Maestro which version this peer is downloading and how much of it is still missing.</summary>
    public async Task AnnounceAsync(string id, string? lease, PartialAnnounce announce, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        using var request = Change(HttpMethod.Post, MaestroRoutes.Announce(id), MaestroRoutes.AnnounceTemplate, lease);
        request.Content = JsonContent.Create(announce, options: SnakeCaseJson.Options);
        using var response = await SendAsync(request, deadline.Token);
        await EnsureSuccessAsync(response, deadline.Token);
    }

    /// <summary>The live peers that hold <paramref name="file"/>; empty when none does. Locations that break the rules are left out.</summary>
    public async Task<IReadOnlyList<FileLocation>> LocateAsync(string file, CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, MaestroRoutes.LocateFile(file)).WithRouteTemplate(MaestroRoutes.Locate);
        using var response = await SendAsync(request, deadline.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        await EnsureSuccessAsync(response, deadline.Token);
        var located = await response.ReadAnswerAsync<LocateResponse>(Party, deadline.Token);
        foreach (var reason in located.Dropped)
        {
            logger.AnswerEntryDropped(Party, reason);
        }
        return located.Value.Peers;
    }

    /// <summary>The Maestro's live peers, as its directory lists them; entries that break the rules are left out.</summary>
    public async Task<IReadOnlyList<PeerSummary>> PeersAsync(CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, MaestroRoutes.Peers).WithRouteTemplate(MaestroRoutes.Peers);
        using var response = await SendAsync(request, deadline.Token);
        await EnsureSuccessAsync(response, deadline.Token);
        var listed = await response.ReadEntriesAsync<PeerSummary>(Party, WireRules.MaxListedPeers, RemoteAnswerReader.DefaultMaxBytes, deadline.Token);
        foreach (var reason in listed.Dropped)
        {
            logger.AnswerEntryDropped(Party, reason);
        }
        return listed.Value;
    }

    private static CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(s_exchangeTimeout);
        return deadline;
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    private static HttpRequestMessage Change(HttpMethod method, string path, string template, string? lease)
    {
        var request = new HttpRequestMessage(method, path).WithRouteTemplate(template);
        if (lease is not null)
        {
            request.Headers.Add(PeerLease.HeaderName, lease);
        }
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var problem = await RemoteProblem.DescribeAsync(response, cancellationToken);
            throw new HttpRequestException($"The Maestro answered {(int)response.StatusCode} {response.ReasonPhrase}: {problem ?? "no problem details"}", null, response.StatusCode);
        }
    }
}
