namespace P2P.Contracts.Remote;

/// <summary>
/// Why another node refused a call, in one line taken from its problem details: read with a small cap, stripped of
/// control characters and shortened, since it ends up in log lines and on a terminal.
/// </summary>
public static class RemoteProblem
{
    private const int MaxBytes = 64 * 1024;
    private const int MaxLength = 300;

    /// <summary>The problem's field errors, else its detail, else its title; null when the body is none of these.</summary>
    public static async Task<string?> DescribeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        Problem problem;
        try
        {
            problem = await response.ReadDocumentAsync<Problem>("", MaxBytes, cancellationToken);
        }
        catch (RemoteAnswerException)
        {
            return null;
        }
        var errors = (problem.Errors ?? []).SelectMany(e => e.Value ?? []).OfType<string>().ToList();
        var text = errors.Count > 0 ? string.Join(" ", errors) : problem.Detail ?? problem.Title;
        return string.IsNullOrWhiteSpace(text) ? null : OneLine(text);
    }

    private static string OneLine(string text)
    {
        var line = new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength), "…");
    }

    private sealed record Problem(string? Title = null, string? Detail = null, Dictionary<string, string?[]?>? Errors = null);
}
