using System.Text.Json;
using P2P.Contracts;
using P2P.Contracts.Maestro;
using P2P.Contracts.Security;

namespace P2P.Maestro.Directory;

/// <summary>
/// The id reservations on disk (<c>id-claims.json</c> in the state folder), replaced atomically and owner-only at each save.
/// What is read back is untrusted: a file too large or not JSON counts as empty, and each entry with an invalid id or
/// fingerprint, or a time in the future, is dropped.
/// </summary>
public sealed class IdClaimsFile(string stateDirectory, int maxClaims)
{
    public const string FileName = "id-claims.json";

    // A valid entry takes well under this many bytes of JSON: an id of at most 64 characters, a fingerprint, a time.
    private const int MaxBytesPerClaim = 512;

    public string Path { get; } = System.IO.Path.Combine(stateDirectory, FileName);

    public List<IdClaim> Load(DateTimeOffset now)
    {
        try
        {
            var file = new FileInfo(Path);
            if (!file.Exists || file.Length > (long)maxClaims * MaxBytesPerClaim)
            {
                return [];
            }
            var claims = JsonSerializer.Deserialize<List<IdClaim>>(File.ReadAllBytes(Path), SnakeCaseJson.Options) ?? [];
            return claims
                .Where(c => c is not null && PeerId.IsValid(c.Id) && Fingerprint.IsValid(c.Fingerprint) && c.LastSeen <= now)
                .DistinctBy(c => c.Id, StringComparer.Ordinal)
                .Take(maxClaims)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // Lost reservations only reopen the ids to the next registrant, as before they existed.
            return [];
        }
    }

    public void Save(IReadOnlyCollection<IdClaim> claims) =>
        StateFile.Write(Path, JsonSerializer.SerializeToUtf8Bytes(claims, SnakeCaseJson.Options));
}
