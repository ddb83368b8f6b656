using P2P.Contracts.Maestro;
using P2P.Contracts.Peers;
using P2P.Peer.Discovery;
using P2P.Peer.Downloads;
using P2P.Peer.Files;
using P2P.Peer.Registration;
using P2P.Peer.Status;
using P2P.Transfer.Sources;

namespace P2P.Peer;

/// <summary>The examples the peer's OpenAPI document shows, one per record of its API, as P1 of the default topology answers.</summary>
public static class PeerExamples
{
    private const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string Rest = "http://localhost:8000";
    private const string Grpc = "https://localhost:50051";
    private static readonly DateTimeOffset s_at = new(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);
    private static readonly FileLocation s_p3 = new(
        "P3", "http://localhost:8002", "https://localhost:50053", 27, Sha256, "3c1b2e5f0a9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b");

    public static IEnumerable<object> All { get; } =
    [
        new PeerStatus(
            "peer", "P1", Rest, Grpc, 2, true, s_at, null, "https://localhost:9443", "https://localhost:50052", "https://localhost:50053", 3600.5,
            false),
        new PeerInfo(
            "P1", Rest, Grpc, 50051, "6e2f4a8c0b1d3e5f7a9c2b4d6e8f0a1c3e5b7d9f2a4c6e8b0d1f3a5c7e9b2d4f",
            [new SharedFileEntry("archivo1.txt", 27, Sha256)]),
        new SharedFileEntry("archivo1.txt", 27, Sha256),
        new SearchResult("archivo1.txt", true, "P1", Rest, Grpc, 27, Sha256),
        new RefreshResult(2, false, true, null),
        new HeartbeatState(Paused: true),
        s_p3,
        new PeerLocateResponse("archivo4.txt", "friends", [s_p3], ["P1", "P2", "P3"],
            [
                new QueryHop("P1", "4a13481b197a253fb5e3ddbc448fcdc8", QueryOutcome.Found),
                new QueryHop("P2", "4a13481b197a253fb5e3ddbc448fcdc8", QueryOutcome.Found),
                new QueryHop("P3", "4a13481b197a253fb5e3ddbc448fcdc8", QueryOutcome.Found),
            ],
            "4a13481b197a253fb5e3ddbc448fcdc8"),
        new FriendQuery("0d9c2b7e5f6a4c1e8b3a9d7f2e1c4b6a", "archivo4.txt", 2, ["P1"]),
        new FriendQueryAnswer(QueryOutcome.Found, [s_p3], ["P2", "P3"], [new QueryHop("P3", "4a13481b197a253fb5e3ddbc448fcdc8", QueryOutcome.Found)]),
        new DiscoveryCounters(12, 3, 0, 7, 4),
        new StartDownloadRequest("archivo4.txt"),
        new DownloadStatus("5e0f8a61c1b34d0c9a1f7d2e8b6c4a90", "archivo4.txt", DownloadState.Running, 4194304, 16777216, 1048576, 52428800, Sha256,
            [new SourceStatus("P3", "https://localhost:50053", SourceState.Active, 3, 3145728, null)], null, s_at, null),
    ];
}
