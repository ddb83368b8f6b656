using System.Net.Http.Json;
using P2P.Contracts;

namespace P2P.Tests.Integration.Hosts;

/// <summary>
/// Where a download's bytes came from, read from its raw status JSON: each source's id, bytes and <c>kind</c>
/// (<c>complete</c> or <c>partial</c>, as the downloader saw it).
/// </summary>
public sealed record SwarmSources(string State, string? Sha256, IReadOnlyList<SwarmSources.Source> Sources)
{
    public sealed record Source(string Id, long Bytes, string? Kind);

    public static async Task<SwarmSources> ReadAsync(HttpClient peer, Uri location, CancellationToken cancellationToken) =>
        await peer.GetFromJsonAsync<SwarmSources>(location, SnakeCaseJson.Options, cancellationToken)
        ?? throw new InvalidDataException($"{location} answered null.");

    public long Total => Sources.Sum(s => s.Bytes);

    public long From(string id) => Sources.Where(s => s.Id == id).Sum(s => s.Bytes);

    public long OfKind(string kind) => Sources.Where(s => s.Kind == kind).Sum(s => s.Bytes);

    public override string ToString() => $"{State}: {string.Join(", ", Sources.Select(s => $"{s.Id} {s.Kind} {s.Bytes}"))}";
}
