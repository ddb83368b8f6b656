using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Contracts.Maestro;
using P2P.Maestro;
using P2P.Maestro.Directory;

namespace P2P.Tests.Unit;

/// <summary>A directory over a state folder of the test's, as the Maestro builds it; a new one on the same folder is a restart.</summary>
public static class DirectoryKit
{
    public static MaestroOptions Options(string stateDir, int ttlSeconds = 15) => new() { PeerTtlSeconds = ttlSeconds, StateDir = stateDir };

    public static PeerDirectory Create(TimeProvider time, MaestroOptions options) => Create(time, options, out _);

    public static PeerDirectory Create(TimeProvider time, MaestroOptions options, out IdClaims claims)
    {
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        claims = new IdClaims(time, wrapped, NullLogger<IdClaims>.Instance);
        return new PeerDirectory(time, wrapped, claims);
    }

    public static PeerRegistration Peer(string id, params SharedFileEntry[] files) =>
        new(id, $"http://{id.ToLowerInvariant()}:8000", $"https://{id.ToLowerInvariant()}:50051", files);

    public static string Certificate(int n) => n.ToString("x64");
}
