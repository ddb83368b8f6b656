namespace P2P.Contracts.Security;

/// <summary>The server's fresh nonce: single use, short-lived.</summary>
public sealed record MembershipChallenge(string ServerNonce);

/// <summary>The client's proof, with the nonce it answers and its own.</summary>
public sealed record MembershipClaim(string ServerNonce, string ClientNonce, string Proof);

/// <summary>The server's proof over the same exchange, so the client knows it reached a member too.</summary>
public sealed record MembershipAnswer(string Proof);
