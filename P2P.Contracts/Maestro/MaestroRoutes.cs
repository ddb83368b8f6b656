namespace P2P.Contracts.Maestro;

/// <summary>The Maestro's REST routes, shared by the server and the peers that call it.</summary>
public static class MaestroRoutes
{
    public const string Register = "/register";
    public const string Peers = "/peers";
    public const string Locate = "/locate";

    public static string Peer(string id) => $"/peers/{Uri.EscapeDataString(id)}";

    public static string Heartbeat(string id) => $"{Peer(id)}/heartbeat";

    public static string LocateFile(string file) => $"{Locate}?file={Uri.EscapeDataString(file)}";
}
