using System.Net;
using Microsoft.Extensions.Options;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Security;

namespace P2P.Peer.Registration;

/// <summary>
/// The peer's calls into the Maestro's REST API. Changes carry the network key and, once the Maestro has issued one,
/// the entry's lease token; lookups carry neither.
/// </summary>
public sealed class MaestroClient(HttpClient http, IOptions<PeerOptions> options)
{
    public async Task<RegistrationAccepted> RegisterAsync(PeerRegistration registration, string? lease, CancellationToken cancellationToken)
    {
        using var request = Change(HttpMethod.Post, MaestroRoutes.Register, lease);
        request.Content = JsonContent.Create(registration, options: SnakeCaseJson.Options);
        using var response = await http.SendAsync(request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<RegistrationAccepted>(SnakeCaseJson.Options, cancellationToken))!;
    }

    /// <summary>Returns false when the Maestro does not know this peer (it restarted or let the entry expire).</summary>
    public async Task<bool> HeartbeatAsync(string id, string? lease, CancellationToken cancellationToken)
    {
        using var request = Change(HttpMethod.Put, MaestroRoutes.Heartbeat(id), lease);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    public async Task DeregisterAsync(string id, string? lease, CancellationToken cancellationToken)
    {
        using var request = Change(HttpMethod.Delete, MaestroRoutes.Peer(id), lease);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }
    }

    /// <summary>The live peers that hold <paramref name="file"/>; empty when none does.</summary>
    public async Task<IReadOnlyList<FileLocation>> LocateAsync(string file, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(MaestroRoutes.LocateFile(file), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }
        await EnsureSuccessAsync(response, cancellationToken);
        var located = await response.Content.ReadFromJsonAsync<LocateResponse>(SnakeCaseJson.Options, cancellationToken);
        return located?.Peers ?? [];
    }

    private HttpRequestMessage Change(HttpMethod method, string path, string? lease)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(NetworkKey.HeaderName, options.Value.NetworkKey);
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
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"The Maestro answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}", null, response.StatusCode);
        }
    }
}
