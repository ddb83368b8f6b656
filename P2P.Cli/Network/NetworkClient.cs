using System.Net;
using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Contracts.Remote;

namespace P2P.Cli.Network;

/// <summary>
/// The REST calls the commands make to the Maestro and to peers. Every failure becomes a <see cref="CliException"/>
/// with one line to show: an unreachable service or an answer that was refused (both exit 4), or a problem answer
/// (its detail). Entries of an answer that break their rules are left out, each with a warning line.
/// </summary>
public sealed class NetworkClient(HttpClient http, Uri maestro, TextWriter warnings)
{
    private const string TheMaestro = "the Maestro";

    public Uri Maestro { get; } = maestro;

    public Task<MaestroStatus> MaestroStatusAsync(CancellationToken cancellationToken) =>
        GetAsync(new Uri(Maestro, "/"), TheMaestro, (r, party, token) => r.ReadAnswerAsync<MaestroStatus>(party, token), cancellationToken);

    public Task<IReadOnlyList<PeerSummary>> PeersAsync(CancellationToken cancellationToken) =>
        GetAsync(new Uri(Maestro, MaestroRoutes.Peers), TheMaestro,
            (r, party, token) => r.ReadEntriesAsync<PeerSummary>(party, WireRules.MaxListedPeers, RemoteAnswerReader.DefaultMaxBytes, token),
            cancellationToken);

    public Task<LocateResponse> LocateAsync(string file, CancellationToken cancellationToken) =>
        GetAsync(new Uri(Maestro, MaestroRoutes.LocateFile(file)), TheMaestro,
            (r, party, token) => r.ReadAnswerAsync<LocateResponse>(party, token), cancellationToken);

    public Task<PeerLocateResponse> LocateViaAsync(PeerAddress peer, string file, string mode, CancellationToken cancellationToken) =>
        GetAsync(new Uri(peer.RestUrl, $"{PeerRoutes.Locate}?file={Uri.EscapeDataString(file)}&mode={Uri.EscapeDataString(mode)}"), $"peer {peer.Id}",
            (r, party, token) => r.ReadAnswerAsync<PeerLocateResponse>(party, token), cancellationToken);

    /// <summary>One peer's listing, as large as the Maestro lets a registration be.</summary>
    public Task<IReadOnlyList<SharedFileEntry>> FilesAsync(PeerAddress peer, CancellationToken cancellationToken) =>
        FilesAsync(peer, RemoteAnswerReader.ListingMaxBytes, cancellationToken);

    /// <summary>One peer's listing, of which at most <paramref name="maxBytes"/> are read.</summary>
    public Task<IReadOnlyList<SharedFileEntry>> FilesAsync(PeerAddress peer, int maxBytes, CancellationToken cancellationToken) =>
        GetAsync(new Uri(peer.RestUrl, PeerRoutes.Files), $"peer {peer.Id}",
            (r, party, token) => r.ReadEntriesAsync<SharedFileEntry>(party, WireRules.MaxListedFiles, maxBytes, token), cancellationToken);

    /// <summary>A PEER argument: the URL of a peer's REST endpoint (asked for its id and gRPC address), or a peer id the Maestro knows.</summary>
    public async Task<PeerAddress> ResolvePeerAsync(string peer, CancellationToken cancellationToken)
    {
        if (peer.Contains("://", StringComparison.Ordinal))
        {
            var url = HttpUrl.Parse(peer, "PEER");
            var info = await GetAsync(new Uri(url, PeerRoutes.Info), $"the peer at {url}",
                (r, party, token) => r.ReadAnswerAsync<PeerInfo>(party, RemoteAnswerReader.ListingMaxBytes, token), cancellationToken);
            return new PeerAddress(info.Id, url, new Uri(info.GrpcUrl), info.Fingerprint);
        }
        var summary = await GetAsync(new Uri(Maestro, MaestroRoutes.Peer(peer)), TheMaestro,
            (r, party, token) => r.ReadEntryAsync<PeerSummary>(party, token), cancellationToken);
        return ToAddress(summary);
    }

    /// <summary>An address the answers' rules have already checked: absolute http(s) URLs.</summary>
    public static PeerAddress ToAddress(PeerSummary peer) => new(peer.Id, new Uri(peer.RestUrl), new Uri(peer.GrpcUrl), peer.Fingerprint);

    private async Task<T> GetAsync<T>(
        Uri url, string who, Func<HttpResponseMessage, string, CancellationToken, Task<RemoteAnswer<T>>> read, CancellationToken cancellationToken)
    {
        var at = url.GetLeftPart(UriPartial.Authority);
        // The client's timeout ends with the headers; this one also bounds an answer that trickles in.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(http.Timeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                var problem = await RemoteProblem.DescribeAsync(response, deadline.Token);
                throw new CliException(ExitCodeOf(response.StatusCode), problem ?? $"{who} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }
            var answer = await read(response, $"{who} at {at}", deadline.Token);
            foreach (var reason in answer.Dropped)
            {
                await warnings.WriteLineAsync($"p2p: left out an entry of the answer from {who}: {reason}");
            }
            return answer.Value;
        }
        catch (HttpRequestException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"Cannot reach {who} at {at}: {e.Message}");
        }
        catch (RemoteAnswerException e)
        {
            throw new CliException(ExitCodes.Unreachable, $"Bad answer from {e.Party}: {e.Reason}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"{who} at {at} did not answer in {http.Timeout.TotalSeconds:0} s.");
        }
    }

    private static int ExitCodeOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.NotFound => ExitCodes.NotFound,
        HttpStatusCode.BadRequest => ExitCodes.BadArguments,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Unauthenticated,
        _ => ExitCodes.Failed,
    };
}
