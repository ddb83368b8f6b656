using P2P.Transfer.Engine;

namespace P2P.Tests.Unit;

/// <summary>Issue 27 item 3: the namespaces inside <c>P2P.Transfer</c> use each other one way only, as its projects do.</summary>
public sealed class Issue27Item3NamespaceCycleTests
{
    [Fact]
    public void No_namespace_of_the_engine_uses_one_that_uses_it_back()
    {
        var types = typeof(FileDownload).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace?.StartsWith("P2P.Transfer", StringComparison.Ordinal) == true && !t.Name.Contains('<'))
            .GroupBy(t => t.Name.Split('`')[0])
            .Where(g => g.Select(t => t.Namespace).Distinct().Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Namespace!);
        var folder = Path.Combine(RepositoryRoot.Path, "P2P.Transfer");
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);

        var edges = NamespaceGraph.Of(sources, types);

        Assert.True(edges.Count > 5, $"the walk saw only {edges.Count} namespaces using others");
        Assert.Contains("P2P.Transfer.Sources", edges["P2P.Transfer.Engine"]);
        var cycle = NamespaceGraph.FindCycle(edges);
        Assert.True(cycle is null, $"namespaces in a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void The_walk_finds_the_cycle_the_engine_had_between_Buffers_and_Storage()
    {
        // ChunkBuffer took its alignment from Storage.DirectIo, which Storage's writer takes ChunkBuffers from.
        string[] sources =
        [
            "namespace P2P.Transfer.Buffers;\n/// <see cref=\"Noise\"/>\npublic sealed class ChunkBuffer { int a = DirectIo.Alignment; }",
            "namespace P2P.Transfer.Storage;\n// ChunkBuffer in a comment is no use\n"
                + "internal static class DirectIo { const string S = \"PartialDownload\"; }",
            "namespace P2P.Transfer.Storage;\npublic sealed class ChunkWriter(ChunkBuffer buffer);",
        ];
        var types = new Dictionary<string, string>
        {
            ["ChunkBuffer"] = "P2P.Transfer.Buffers",
            ["DirectIo"] = "P2P.Transfer.Storage",
            ["ChunkWriter"] = "P2P.Transfer.Storage",
            ["Noise"] = "P2P.Transfer.Other",
            ["PartialDownload"] = "P2P.Transfer.Other",
        };

        var edges = NamespaceGraph.Of(sources, types);

        Assert.Equal(["P2P.Transfer.Storage"], edges["P2P.Transfer.Buffers"]);
        Assert.Equal(["P2P.Transfer.Buffers"], edges["P2P.Transfer.Storage"]);
        Assert.Equal(["P2P.Transfer.Buffers", "P2P.Transfer.Storage", "P2P.Transfer.Buffers"], NamespaceGraph.FindCycle(edges));
    }
}
