namespace P2P.Contracts.Maestro;

/// <summary>The answer to a lookup: every peer known to hold <paramref name="File"/>.</summary>
public sealed record LocateResponse(string File, IReadOnlyList<FileLocation> Peers);
