namespace P2P.Tests.Unit;

/// <summary>
/// The network key crosses no wire: no source outside the tests puts it in a header, a gRPC metadata entry, a log line
/// or a span, and the header that once carried it is gone from code, request files and benchmark scripts.
/// </summary>
public sealed class KeyOffTheWireTests
{
    private static readonly string[] s_sinks = ["Headers", "Metadata", "Log", "SetTag", "Activity", "WithEnvironment(\"OTEL"];

    [Fact]
    public void No_source_places_the_network_key_in_a_header_metadata_log_or_span()
    {
        var offending = Sources("*.cs")
            .SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(l => l.line.Contains("NetworkKey", StringComparison.Ordinal) && s_sinks.Any(sink => l.line.Contains(sink, StringComparison.Ordinal)))
            .Select(l => $"{Path.GetRelativePath(Root, l.path)}:{l.number}: {l.line.Trim()}")
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void The_old_key_header_is_gone_from_code_request_files_and_scripts()
    {
        var mentions = Sources("*.cs").Concat(Sources("*.http")).Concat(Sources("*.sh")).Concat(Sources("*.py"))
            .Where(path => File.ReadAllText(path).Contains("x-p2p-network-key", StringComparison.OrdinalIgnoreCase))
            .Select(path => Path.GetRelativePath(Root, path))
            .ToList();

        Assert.Empty(mentions);
    }

    private static string Root => RepositoryRoot.Path;

    private static IEnumerable<string> Sources(string pattern) =>
        Directory.EnumerateFiles(Root, pattern, SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(Root, path).Split(Path.DirectorySeparatorChar)
                .Any(part => part is "P2P.UnitTests" or "P2P.IntegrationTests" or "P2P.TestKit" or "bin" or "obj" or ".git" or "TestResults"));
}
