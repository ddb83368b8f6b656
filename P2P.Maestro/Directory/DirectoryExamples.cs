using P2P.Contracts.Maestro;

namespace P2P.Maestro.Directory;

/// <summary>The examples the Maestro's OpenAPI document shows, one per record of its API, as the default topology answers.</summary>
public static class DirectoryExamples
{
    private const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string Fingerprint = "3c1b2e5f0a9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b";
    private static readonly DateTimeOffset s_seen = new(2026, 11, 25, 4, 0, 0, TimeSpan.Zero);

    public static IEnumerable<object> All { get; } =
    [
        new MaestroStatus("maestro", 3, 5, 6, 3600.5, s_seen.AddHours(-1)),
        new PeerSummary("P1", "http://localhost:8000", "https://localhost:50051", 2, s_seen, Fingerprint),
        new FileLocation("P1", "http://localhost:8000", "https://localhost:50051", 27, Sha256, Fingerprint),
        new LocateResponse("archivo1.txt", [new FileLocation("P1", "http://localhost:8000", "https://localhost:50051", 27, Sha256, Fingerprint)]),
        new SharedFileEntry("archivo1.txt", 27, Sha256),
        new PeerRegistration("P1", "http://localhost:8000", "http://localhost:50051", [new SharedFileEntry("archivo1.txt", 27, Sha256)]),
        new RegistrationAccepted("P1", 1, 30, "3q2-7wAAAAAAAAAAAAAAAA"),
        new PeersForgotten(3),
        new PartialAnnounce("archivo1.txt", 27, Sha256, 11, AnnounceEvent.Progress),
    ];
}
