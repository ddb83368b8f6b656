namespace P2P.Connections;

/// <summary>A server that is not who it was said to be, or did not prove (or accept) membership: its message says which and names it.</summary>
public sealed class MembershipException(string message, Exception? inner = null) : HttpRequestException(message, inner);
