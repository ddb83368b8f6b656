namespace P2P.Contracts.Maestro;

/// <summary>The Maestro's REST routes, shared by the server and the peers that call it.</summary>
public static class MaestroRoutes
{
    public const string Register = "/register";
    public const string Peers = "/peers";
    public const string Locate = "/locate";
    public const string PeerTemplate = "/peers/{id}";
    public const string HeartbeatTemplate = "/peers/{id}/heartbeat";
    public const string AnnounceTemplate = "/peers/{id}/announce";

    public static string Peer(string id) => $"/peers/{Uri.EscapeDataString(id)}";

    public static string Heartbeat(string id) => $"{Peer(id)}/heartbeat";

    public static string Announce(string id) => $"{Peer(id)}/announce";

    /// <summary>Whether a request path is a heartbeat's: the one route that is counted, not traced.</summary>
    public static bool IsHeartbeat(string? path) =>
        path is not null && path.StartsWith(Peers + "/", StringComparison.Ordinal) && path.EndsWith("/heartbeat", StringComparison.Ordinal);

    public static string LocateFile(string file) => $"{Locate}?file={Uri.EscapeDataString(file)}";
}
