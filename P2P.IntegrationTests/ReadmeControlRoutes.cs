using System.Text.RegularExpressions;

namespace P2P.Tests.Integration;

/// <summary>
/// The routes the README says need the control token: the REST table's rows whose answer starts "control token
/// required", as <c>service METHOD /path</c>, and the routes the trust model's "local control API" names.
/// </summary>
public static partial class ReadmeControlRoutes
{
    private const string Required = "control token required";

    private const string TrustModelEntry = "**The local control API**";

    public static string Text { get; } = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

    /// <summary>Each table row's routes, e.g. <c>peer POST /refresh</c>; a route's query string is not part of it.</summary>
    public static IEnumerable<string> InTable() =>
        from line in Text.Split('\n')
        let cells = line.Split(" | ")
        where cells.Length >= 3 && cells[2].StartsWith(Required, StringComparison.Ordinal)
        from route in Routes(cells[1])
        select $"{cells[0].TrimStart('|', ' ').ToLowerInvariant()} {route}";

    /// <summary>The routes in the trust model's entry on the local control API, up to where it says what it asks for.</summary>
    public static IEnumerable<string> InTrustModel()
    {
        var start = Text.IndexOf(TrustModelEntry, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no {TrustModelEntry} entry.");
        var end = Text.IndexOf("asks for", start, StringComparison.Ordinal);
        return Routes(Text[start..end]);
    }

    private static IEnumerable<string> Routes(string text) =>
        RoutePattern().Matches(text).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}");

    [GeneratedRegex(@"`(GET|POST|PUT|DELETE|PATCH) (/[^`?\s]*)[^`]*`")]
    private static partial Regex RoutePattern();
}
