namespace P2P.Maestro.Directory;

/// <summary>The answer of <c>DELETE /peers</c>: how many entries the directory held before it was emptied.</summary>
public sealed record PeersForgotten(int Peers);
