namespace P2P.Transfer.Sources;

/// <summary>
/// Which sources a survey asks and which version their answers elect, so that ids are cheap and certificates are not:
/// sources are sampled at random one certificate at a time, each certificate votes once, and a version the directory's
/// or a friend's record backs beats one that only its servers claim.
/// </summary>
public static class VersionVote
{
    /// <summary>
    /// Up to <paramref name="max"/> distinct addresses in a random order that takes one source of every certificate before a
    /// second of any, so many ids behind one certificate cannot crowd the others out of the sample.
    /// </summary>
    public static IReadOnlyList<SourceAddress> Sample(IReadOnlyList<SourceAddress> located, int max, Random random)
    {
        var byVoter = located.DistinctBy(l => l.GrpcUrl, StringComparer.OrdinalIgnoreCase)
            .GroupBy(Voter, StringComparer.OrdinalIgnoreCase)
            .Select(g => Shuffled(g, random))
            .ToArray();
        random.Shuffle(byVoter);
        return Enumerable.Range(0, max)
            .SelectMany(round => byVoter.Where(g => g.Length > round).Select(g => g[round]))
            .Take(max)
            .ToList();
    }

    /// <summary>
    /// The version the answers elect (only <paramref name="sha256"/> when the caller named one), or null when none answered
    /// it: first a version some source's record names, then the most certificates whose answer agrees with their own record,
    /// then the most certificates at all.
    /// </summary>
    public static string? Elect(IReadOnlyList<(SourceAddress Source, string Sha256)> answers, string? sha256)
    {
        var recorded = answers.Select(a => a.Source.Sha256).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return answers
            .Where(a => sha256 is null || string.Equals(a.Sha256, sha256, StringComparison.OrdinalIgnoreCase))
            .GroupBy(a => a.Sha256, StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(g => recorded.Contains(g.Key))
            .ThenByDescending(g => Voters(g.Where(a => a.Source.Sha256 is null || string.Equals(a.Source.Sha256, g.Key, StringComparison.OrdinalIgnoreCase))))
            .ThenByDescending(g => Voters(g))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .FirstOrDefault()?.Key;
    }

    /// <summary>Who casts a source's vote: its certificate when one was reported, else its address.</summary>
    public static string Voter(SourceAddress source) => source.Fingerprint ?? source.GrpcUrl;

    private static int Voters(IEnumerable<(SourceAddress Source, string Sha256)> answers) =>
        answers.Select(a => Voter(a.Source)).Distinct(StringComparer.OrdinalIgnoreCase).Count();

    private static SourceAddress[] Shuffled(IEnumerable<SourceAddress> sources, Random random)
    {
        var array = sources.ToArray();
        random.Shuffle(array);
        return array;
    }
}
