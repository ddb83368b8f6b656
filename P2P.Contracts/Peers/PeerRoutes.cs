namespace P2P.Contracts.Peers;

/// <summary>A peer's REST routes, shared by the peer and the friends and tools that call it.</summary>
public static class PeerRoutes
{
    public const string Files = "/files";
    public const string Search = "/search";
    public const string Info = "/info";
    public const string Refresh = "/refresh";
    public const string Locate = "/locate";
    public const string Query = "/discovery/query";
    public const string Discovery = "/discovery";
    public const string PauseHeartbeats = "/heartbeats/pause";
    public const string ResumeHeartbeats = "/heartbeats/resume";
}
