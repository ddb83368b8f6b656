using System.Text;
using Grpc.Core;
using P2P.Connections;

namespace P2P.Transfer.Sources;

/// <summary>Text a remote party chose (an error detail), made fit for a status, a span and a log line: short, one line, printable.</summary>
public static class RemoteText
{
    public const int MaxLength = 200;

    /// <summary>
    /// Why a call failed: this node's own refusal of the server (membership, or a certificate other than the one reported)
    /// in full, since it is what a user must read; otherwise the status and the server's detail, quoted.
    /// </summary>
    public static string Why(RpcException error) => error.Status.DebugException is MembershipException refused
        ? refused.Message
        : $"{error.StatusCode}: {Quote(error.Status.Detail)}";

    public static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var quoted = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, MaxLength)))
        {
            quoted.Append(char.IsControl(c) || char.IsSurrogate(c) ? '?' : c);
        }
        return text.Length > MaxLength ? quoted.Append('…').ToString() : quoted.ToString();
    }
}
