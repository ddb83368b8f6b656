using System.Diagnostics.CodeAnalysis;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>Peer ids as the seed writes them (<c>P1</c>): short, printable, safe in a URL path.</summary>
public static class PeerId
{
    public const string Rule = "A peer id is 1 to 64 letters, digits, '-' or '_'.";

    public static bool IsValid([NotNullWhen(true)] string? id) => WireRules.IsId(id);
}
