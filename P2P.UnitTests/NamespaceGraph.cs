using System.Text.RegularExpressions;

namespace P2P.Tests.Unit;

/// <summary>
/// Which namespaces of a project use which, read from its sources: a file's namespace uses another when the file names
/// one of that namespace's types outside comments and strings (a child namespace sees its parent's types unnamed, so
/// the using directives alone miss edges).
/// </summary>
public static partial class NamespaceGraph
{
    /// <summary>
    /// The edges among the namespaces of <paramref name="types"/> (simple type name to its namespace) that
    /// <paramref name="sources"/> show.
    /// </summary>
    public static Dictionary<string, SortedSet<string>> Of(IEnumerable<string> sources, IReadOnlyDictionary<string, string> types)
    {
        var edges = new Dictionary<string, SortedSet<string>>();
        foreach (var source in sources)
        {
            if (FileNamespace().Match(source) is not { Success: true } declared)
            {
                continue;
            }
            var from = declared.Groups[1].Value;
            var code = NotCode().Replace(source, " ");
            foreach (Match word in Word().Matches(code))
            {
                if (types.TryGetValue(word.Value, out var to) && to != from)
                {
                    (edges.TryGetValue(from, out var set) ? set : edges[from] = []).Add(to);
                }
            }
        }
        return edges;
    }

    /// <summary>One cycle of the graph as the namespaces along it (the first repeated at the end), or null when there is none.</summary>
    public static IReadOnlyList<string>? FindCycle(Dictionary<string, SortedSet<string>> edges)
    {
        var state = new Dictionary<string, bool>();
        var path = new List<string>();
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }
        return null;

        IReadOnlyList<string>? Visit(string node)
        {
            if (state.TryGetValue(node, out var onPath))
            {
                return onPath ? [.. path.Skip(path.IndexOf(node)), node] : null;
            }
            state[node] = true;
            path.Add(node);
            foreach (var next in edges.GetValueOrDefault(node) ?? [])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }
            path.RemoveAt(path.Count - 1);
            state[node] = false;
            return null;
        }
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)'", RegexOptions.Singleline)]
    private static partial Regex NotCode();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Word();
}
