namespace P2P.Contracts.Security;

/// <summary>What a node shows and proves on every connection to another: its certificate, and the key it proves it holds.</summary>
public sealed record NodeCredentials(NodeIdentity Identity, string NetworkKey);
