using Grpc.Core;
using P2P.Contracts.Maestro;
using P2P.Contracts.Transfer.V1;

namespace P2P.Transfer;

/// <summary>
/// Asks located sources for their manifests and keeps those that agree on one version of the file: only sources
/// whose manifests are identical (same whole hash, size and chunk hashes) are used together.
/// </summary>
public sealed class SourceSurvey(TransferServices services)
{
    private static readonly TimeSpan s_manifestDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Picks the version most sources hold (or <paramref name="sha256"/> when given) and the sources that hold it.</summary>
    public async Task<(DownloadManifest Manifest, IReadOnlyList<Candidate> Sources)> AgreeAsync(
        string id, string file, string? sha256, IReadOnlyList<FileLocation> located, CancellationToken cancellationToken)
    {
        var described = await DescribeAsync(file, located, cancellationToken);
        var largest = described
            .Where(d => sha256 is null || d.Manifest.Sha256 == sha256)
            .GroupBy(d => d.Manifest.Sha256)
            .MaxBy(g => g.Count())
            ?? throw new DownloadFailedException(sha256 is null
                ? $"None of the {located.Count} located sources of '{file}' answered with a usable manifest."
                : $"No located source of '{file}' has the version {sha256}.");

        var chosen = DownloadManifest.From(id, largest.First().Manifest);
        return (chosen, largest.Where(d => chosen.Matches(d.Manifest)).Select(d => d.Candidate).ToList());
    }

    /// <summary>The located sources whose manifest is exactly <paramref name="manifest"/>.</summary>
    public async Task<IReadOnlyList<Candidate>> AgreeingWithAsync(DownloadManifest manifest, IReadOnlyList<FileLocation> located, CancellationToken cancellationToken)
    {
        var described = await DescribeAsync(manifest.File, located, cancellationToken);
        return described.Where(d => manifest.Matches(d.Manifest)).Select(d => d.Candidate).ToList();
    }

    private async Task<IReadOnlyList<(Candidate Candidate, FileManifest Manifest)>> DescribeAsync(
        string file, IReadOnlyList<FileLocation> located, CancellationToken cancellationToken)
    {
        var answers = await Task.WhenAll(located.Select(async location =>
        {
            var client = new FileTransfer.FileTransferClient(services.Channels.For(location.GrpcUrl));
            try
            {
                var manifest = await client.GetManifestAsync(
                    new GetManifestRequest { FileName = file }, deadline: services.Time.GetUtcNow().UtcDateTime + s_manifestDeadline, cancellationToken: cancellationToken);
                if (DownloadManifest.Check(manifest, file) is { } problem)
                {
                    services.Logger.SourceUnusable(location.Id, problem);
                    return null;
                }
                return (new Candidate(location, client), manifest) as (Candidate, FileManifest)?;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
            {
                services.Logger.SourceUnusable(location.Id, $"{e.StatusCode}: {e.Status.Detail}");
                return null;
            }
        }));
        return answers.OfType<(Candidate, FileManifest)>().ToList();
    }

    /// <summary>A source that answered with a usable manifest, and the client to fetch chunks from it.</summary>
    public sealed record Candidate(FileLocation Location, FileTransfer.FileTransferClient Client);
}
