namespace P2P.Peer.Registration;

/// <summary>The outcome of <c>POST /refresh</c>: the files found, whether they changed, and whether the Maestro took them.</summary>
public sealed record RefreshResult(int Files, bool Changed, bool Registered, string? RegistrationError);
