namespace P2P.Cli.Files;

/// <summary>One version of a file across the network: its name, size, hash and the peers that hold it.</summary>
public sealed record NetworkFile(string Name, long Size, string Sha256, IReadOnlyList<string> Peers);
