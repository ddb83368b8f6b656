namespace P2P.Cli.Get;

/// <summary>What <c>p2p get</c> did: where the file is, its verified hash and size, what was resumed and who sent it.</summary>
public sealed record GetReport(string File, string Path, long Size, string Sha256, bool AlreadyPresent, long BytesResumed, IReadOnlyList<string> Sources);
