namespace P2P.Tests.Integration.Fuzz;

/// <summary>
/// A REST route to fuzz: its method, its path with <c>{}</c> for one path parameter, the query parameters it reads,
/// and the JSON fields its body has (none for a route without a body).
/// </summary>
public sealed record FuzzRoute(string Method, string Path, string[] Query, string[] BodyFields)
{
    public static readonly FuzzRoute[] Maestro =
    [
        new("GET", "/", [], []),
        new("GET", "/peers", [], []),
        new("GET", "/peers/{}", [], []),
        new("GET", "/locate", ["file"], []),
        new("POST", "/register", [], ["id", "rest_url", "grpc_url", "files", "name", "size", "sha256"]),
        new("PUT", "/peers/{}/heartbeat", [], []),
        new("DELETE", "/peers/{}", [], []),
        new("GET", "/health", [], []),
        new("GET", "/alive", [], []),
    ];

    public static readonly FuzzRoute[] Peer =
    [
        new("GET", "/", [], []),
        new("GET", "/files", [], []),
        new("GET", "/search", ["file"], []),
        new("GET", "/info", [], []),
        new("POST", "/refresh", [], []),
        new("POST", "/heartbeats/pause", [], []),
        new("POST", "/heartbeats/resume", [], []),
        new("GET", "/locate", ["file", "mode"], []),
        new("POST", "/discovery/query", [], ["query_id", "file", "ttl", "path"]),
        new("GET", "/discovery", [], []),
        new("POST", "/downloads", [], ["file", "sources", "sha256"]),
        new("GET", "/downloads", [], []),
        new("GET", "/downloads/{}", [], []),
        new("DELETE", "/downloads/{}", [], []),
        new("GET", "/health", [], []),
        new("GET", "/alive", [], []),
    ];
}
