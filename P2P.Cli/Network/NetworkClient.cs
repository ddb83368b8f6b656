using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;

namespace P2P.Cli.Network;

/// <summary>
/// The REST calls the commands make to the Maestro and to peers. Every failure becomes a <see cref="CliException"/>
/// with one line to show: an unreachable service, a problem answer (its detail), or an answer that is not JSON.
/// </summary>
public sealed class NetworkClient(HttpClient http, Uri maestro)
{
    public Uri Maestro { get; } = maestro;

    public Task<MaestroStatus> MaestroStatusAsync(CancellationToken cancellationToken) =>
        GetAsync<MaestroStatus>(new Uri(Maestro, "/"), "the Maestro", cancellationToken);

    public Task<List<PeerSummary>> PeersAsync(CancellationToken cancellationToken) =>
        GetAsync<List<PeerSummary>>(new Uri(Maestro, MaestroRoutes.Peers), "the Maestro", cancellationToken);

    public Task<LocateResponse> LocateAsync(string file, CancellationToken cancellationToken) =>
        GetAsync<LocateResponse>(new Uri(Maestro, MaestroRoutes.LocateFile(file)), "the Maestro", cancellationToken);

    public Task<PeerLocateResponse> LocateViaAsync(PeerAddress peer, string file, string mode, CancellationToken cancellationToken) =>
        GetAsync<PeerLocateResponse>(
            new Uri(peer.RestUrl, $"{PeerRoutes.Locate}?file={Uri.EscapeDataString(file)}&mode={Uri.EscapeDataString(mode)}"), $"peer {peer.Id}", cancellationToken);

    public Task<List<SharedFileEntry>> FilesAsync(PeerAddress peer, CancellationToken cancellationToken) =>
        GetAsync<List<SharedFileEntry>>(new Uri(peer.RestUrl, PeerRoutes.Files), $"peer {peer.Id}", cancellationToken);

    /// <summary>A PEER argument: the URL of a peer's REST endpoint (asked for its id and gRPC address), or a peer id the Maestro knows.</summary>
    public async Task<PeerAddress> ResolvePeerAsync(string peer, CancellationToken cancellationToken)
    {
        if (peer.Contains("://", StringComparison.Ordinal))
        {
            var url = HttpUrl.Parse(peer, "PEER");
            var info = await GetAsync<PeerInfo>(new Uri(url, PeerRoutes.Info), $"the peer at {url}", cancellationToken);
            return new PeerAddress(info.Id, url, HttpUrl.Parse(info.GrpcUrl, $"the gRPC address of peer {info.Id}"));
        }
        var summary = await GetAsync<PeerSummary>(new Uri(Maestro, MaestroRoutes.Peer(peer)), "the Maestro", cancellationToken);
        return ToAddress(summary);
    }

    public static PeerAddress ToAddress(PeerSummary peer) =>
        new(peer.Id, HttpUrl.Parse(peer.RestUrl, $"the address of peer {peer.Id}"), HttpUrl.Parse(peer.GrpcUrl, $"the gRPC address of peer {peer.Id}"));

    private async Task<T> GetAsync<T>(Uri url, string who, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach {who} at {url.GetLeftPart(UriPartial.Authority)}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"{who} at {url.GetLeftPart(UriPartial.Authority)} did not answer in {http.Timeout.TotalSeconds:0} s.");
        }

        using (response)
        {
            try
            {
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<T>(SnakeCaseJson.Options, cancellationToken)
                        ?? throw new JsonException("The answer is empty.");
                }
                var problem = await ReadProblemAsync(response, cancellationToken);
                var code = response.StatusCode switch
                {
                    HttpStatusCode.NotFound => ExitCodes.NotFound,
                    HttpStatusCode.BadRequest => ExitCodes.BadArguments,
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthenticated,
                    _ => ExitCodes.Failed,
                };
                throw new CliException(code, problem ?? $"{who} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            catch (JsonException e)
            {
                throw new CliException(ExitCodes.Failed, $"{who} at {url.GetLeftPart(UriPartial.Authority)} sent an answer that is not what a P2P service sends: {e.Message}");
            }
        }
    }

    private static async Task<string?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return null;
        }
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>(cancellationToken);
        var errors = problem?.Errors.SelectMany(e => e.Value).ToList() ?? [];
        return errors.Count > 0 ? string.Join(" ", errors) : problem?.Detail ?? problem?.Title;
    }
}
