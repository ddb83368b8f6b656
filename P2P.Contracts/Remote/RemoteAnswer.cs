namespace P2P.Contracts.Remote;

/// <summary>An answer that passed its checks, and why each entry that did not was left out of it.</summary>
public sealed record RemoteAnswer<T>(T Value, IReadOnlyList<string> Dropped);
