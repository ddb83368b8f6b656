namespace P2P.Peer.Discovery;

/// <summary>Where <c>GET /locate</c> looks: this peer only, its friends (never the Maestro), the Maestro only, or all in turn.</summary>
public enum LocateMode
{
    Auto,
    Local,
    Friends,
    Maestro,
}
