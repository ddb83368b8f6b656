using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace P2P.Contracts.Maestro;

/// <summary>Peer ids as the seed writes them (<c>P1</c>): short, printable, safe in a URL path.</summary>
public static partial class PeerId
{
    public const string Rule = "A peer id is 1 to 64 letters, digits, '-' or '_'.";

    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex Pattern();
}
