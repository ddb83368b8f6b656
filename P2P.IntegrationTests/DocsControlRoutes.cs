using System.Text.RegularExpressions;

namespace P2P.Tests.Integration;

/// <summary>
/// The routes the docs say need the control token: the REST table's rows (<c>docs/apis.md</c>) whose answer starts
/// "control token required", as <c>service METHOD /path</c>, and the routes the trust model's "local control API"
/// names (<c>docs/trust-model.md</c>).
/// </summary>
public static partial class DocsControlRoutes
{
    private const string Required = "control token required";

    private const string TrustModelEntry = "**The local control API**";

    private static readonly string s_apis = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "apis.md"));

    private static readonly string s_trustModel = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "trust-model.md"));

    /// <summary>Each table row's routes, e.g. <c>peer POST /refresh</c>; a route's query string is not part of it.</summary>
    public static IEnumerable<string> InTable() =>
        from line in s_apis.Split('\n')
        let cells = line.Split(" | ")
        where cells.Length >= 3 && cells[2].StartsWith(Required, StringComparison.Ordinal)
        from route in Routes(cells[1])
        select $"{cells[0].TrimStart('|', ' ').ToLowerInvariant()} {route}";

    /// <summary>The routes in the trust model's entry on the local control API, up to where it says what it asks for.</summary>
    public static IEnumerable<string> InTrustModel()
    {
        var start = s_trustModel.IndexOf(TrustModelEntry, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/trust-model.md has no {TrustModelEntry} entry.");
        var end = s_trustModel.IndexOf("asks for", start, StringComparison.Ordinal);
        return Routes(s_trustModel[start..end]);
    }

    private static IEnumerable<string> Routes(string text) =>
        RoutePattern().Matches(text).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}");

    [GeneratedRegex(@"`(GET|POST|PUT|DELETE|PATCH) (/[^`?\s]*)[^`]*`")]
    private static partial Regex RoutePattern();
}
