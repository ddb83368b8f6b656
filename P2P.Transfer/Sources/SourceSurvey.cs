using Grpc.Core;
using Microsoft.Extensions.Logging;
using P2P.Connections;
using P2P.Contracts.Transfer.V1;

namespace P2P.Transfer.Sources;

/// <summary>
/// Asks located sources for their manifests and keeps those that agree on one version of the file: only sources
/// whose manifests are identical (same whole hash, size and chunk hashes) are used together. Which sources are asked and
/// which version wins is <see cref="VersionVote"/>'s: random, one vote per certificate, records first.
/// </summary>
/// <param name="partials">Whether holders still downloading the version may be used (swarming); without, their manifests are refused.</param>
public sealed class SourceSurvey(PeerChannels channels, TimeProvider time, ILogger logger, bool partials = false, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>
    /// Sources asked for a manifest in one round: a download uses at most four streams, and each answer may be megabytes,
    /// so a lookup that lists thousands of sources must not make this peer fetch thousands of manifests.
    /// </summary>
    public const int MaxAsked = 16;

    private static readonly TimeSpan s_manifestDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Picks the version the sources elect (or <paramref name="sha256"/> when given) and the sources that hold it.</summary>
    public async Task<(DownloadManifest Manifest, IReadOnlyList<Candidate> Sources)> AgreeAsync(
        string id, string file, string? sha256, IReadOnlyList<SourceAddress> located, CancellationToken cancellationToken)
    {
        var (described, refused) = await DescribeAsync(file, sha256, located, cancellationToken);
        var elected = VersionVote.Elect(described.Select(d => (d.Candidate.Address, d.Manifest.Sha256)).ToList(), sha256)
            ?? throw new DownloadFailedException((sha256 is null
                ? $"None of the {located.Count} located sources of '{file}' answered with a usable manifest."
                : $"No located source of '{file}' has the version {sha256}.")
                + (refused.Count > 0 ? " " + string.Join("; ", refused) + "." : ""));

        var chosen = DownloadManifest.From(id, described.First(d => string.Equals(d.Manifest.Sha256, elected, StringComparison.OrdinalIgnoreCase)).Manifest);
        return (chosen, described.Where(d => chosen.Matches(d.Manifest)).Select(d => d.Candidate).ToList());
    }

    /// <summary>The located sources whose manifest is exactly <paramref name="manifest"/>.</summary>
    public async Task<IReadOnlyList<Candidate>> AgreeingWithAsync(
        DownloadManifest manifest, IReadOnlyList<SourceAddress> located, CancellationToken cancellationToken)
    {
        var (described, _) = await DescribeAsync(manifest.File, manifest.Sha256, located, cancellationToken);
        return described.Where(d => manifest.Matches(d.Manifest)).Select(d => d.Candidate).ToList();
    }

    /// <summary>The sources that answered with a usable manifest, and for each of the others, who it is and why it is unusable.</summary>
    /// <param name="sha256">The version wanted, if known; else a partial holder is asked for the version it was recorded with.</param>
    private async Task<(IReadOnlyList<(Candidate Candidate, FileManifest Manifest)> Described, IReadOnlyList<string> Refused)> DescribeAsync(
        string file, string? sha256, IReadOnlyList<SourceAddress> located, CancellationToken cancellationToken)
    {
        var asked = VersionVote.Sample(located, MaxAsked, _random);
        var answers = await Task.WhenAll(asked.Select(async location =>
        {
            var answer = await AskAsync(location, file, sha256 ?? (partials && location.Partial ? location.Sha256 : null), cancellationToken);
            return (location, answer.Manifest, answer.Why, answer.Client);
        }));
        var described = answers.Where(a => a.Manifest is not null).Select(a => (new Candidate(a.location, a.Client!), a.Manifest!)).ToList();
        var refused = answers.Where(a => a.Manifest is null).Select(a => $"{Describe(a.location)}: {a.Why}").ToList();
        return (described, refused);
    }

    private static string Describe(SourceAddress location) =>
        location.Id.Length > 0 ? $"{location.Id} ({location.GrpcUrl})" : location.GrpcUrl;

    private async Task<(FileManifest? Manifest, string? Why, FileTransfer.FileTransferClient? Client)> AskAsync(
        SourceAddress location, string file, string? sha256, CancellationToken cancellationToken)
    {
        try
        {
            if (!Uri.TryCreate(location.GrpcUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            {
                return Unusable("its address is not an http:// or https:// URL");
            }
            var client = new FileTransfer.FileTransferClient(channels.For(location.GrpcUrl, location.Fingerprint));
            var manifest = await client.GetManifestAsync(
                new GetManifestRequest { FileName = file, Sha256 = sha256 ?? "" }, deadline: time.GetUtcNow().UtcDateTime + s_manifestDeadline,
                cancellationToken: cancellationToken);
            if (manifest.Partial && !partials)
            {
                return Unusable("it is still downloading the file, and this download takes chunks only from complete copies");
            }
            return DownloadManifest.Check(manifest, file) is { } problem ? Unusable(problem) : (manifest, null, client);
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            return Unusable(RemoteText.Why(e));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A reset connection or a malformed answer is this source being unusable, never the download failing.
            return Unusable($"{e.GetType().Name}: {RemoteText.Quote(e.Message)}");
        }

        (FileManifest?, string?, FileTransfer.FileTransferClient?) Unusable(string why)
        {
            logger.SourceUnusable(location.Id, why);
            return (null, why, null);
        }
    }

    /// <summary>A source that answered with a usable manifest, and the client to fetch chunks from it.</summary>
    public sealed record Candidate(SourceAddress Address, FileTransfer.FileTransferClient Client);
}
