using System.Net;
using P2P.Contracts;
using P2P.Contracts.Maestro;

namespace P2P.Peer.Registration;

/// <summary>The peer's calls into the Maestro's REST API.</summary>
public sealed class MaestroClient(HttpClient http)
{
    public async Task<RegistrationAccepted> RegisterAsync(PeerRegistration registration, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(MaestroRoutes.Register, registration, SnakeCaseJson.Options, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return (await response.Content.ReadFromJsonAsync<RegistrationAccepted>(SnakeCaseJson.Options, cancellationToken))!;
    }

    /// <summary>Returns false when the Maestro does not know this peer (it restarted or let the entry expire).</summary>
    public async Task<bool> HeartbeatAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.PutAsync(MaestroRoutes.Heartbeat(id), content: null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    public async Task DeregisterAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(MaestroRoutes.Peer(id), cancellationToken);
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

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"The Maestro answered {(int)response.StatusCode} {response.ReasonPhrase}: {body}", null, response.StatusCode);
        }
    }
}
