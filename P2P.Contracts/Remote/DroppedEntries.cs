using System.Collections.ObjectModel;

namespace P2P.Contracts.Remote;

/// <summary>
/// The reasons entries of one answer were dropped, and what that answer's party may say: only a party reached at a
/// local address (so on this machine, with this node) may hand out local addresses (<paramref name="loopbackAllowed"/>).
/// </summary>
public sealed class DroppedEntries(bool loopbackAllowed) : Collection<string>
{
    public bool LoopbackAllowed { get; } = loopbackAllowed;

    /// <summary>For an answer to <paramref name="request"/>: local addresses pass only when the party asked is local itself.</summary>
    public static DroppedEntries For(HttpRequestMessage? request) => new(WireRules.IsLocalAddress(request?.RequestUri?.ToString()));
}
