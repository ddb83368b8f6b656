namespace P2P.Contracts.Remote;

/// <summary>
/// Another node's answer was refused (too large, not JSON, null, malformed, or breaking a contract's rules). Callers
/// treat it as that node being unreachable: the answer is never used, in part or whole.
/// </summary>
public sealed class RemoteAnswerException(string party, string reason, Exception? inner = null)
    : Exception($"{party} sent an answer that was refused: {reason}", inner)
{
    /// <summary>Who answered, as the message names it (<c>the Maestro</c>, <c>friend http://peer2</c>).</summary>
    public string Party { get; } = party;

    public string Reason { get; } = reason;
}
