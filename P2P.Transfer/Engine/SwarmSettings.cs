namespace P2P.Transfer.Engine;

/// <summary>
/// How a download takes part in a swarm: it watches every source's availability, picks rarest first, takes chunks from
/// partial holders, puts its own partial on the shelf, and looks for more sources while it runs. A download without
/// settings (swarming off, the command line) takes chunks lowest first from complete holders only.
/// </summary>
/// <param name="LookupInterval">Time between lookups for more sources while the download has fewer than it could use.</param>
/// <param name="OwnGrpcUrl">This peer's gRPC URL, told to the sources it watches so that they may take chunks from it in turn.</param>
public sealed record SwarmSettings(TimeSpan LookupInterval, string? OwnGrpcUrl = null);
