using P2P.Contracts.Files;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>One file a peer shares: its plain name, size in bytes and lower-case hex SHA-256.</summary>
public sealed record SharedFileEntry(string Name, long Size, string Sha256) : IRemoteEntry
{
    public string? Validate() => SharedFileName.Validate(Name) ?? WireRules.FileProblem(Size, Sha256);
}
