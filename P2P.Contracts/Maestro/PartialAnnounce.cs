using P2P.Contracts.Files;
using P2P.Contracts.Remote;

namespace P2P.Contracts.Maestro;

/// <summary>
/// <c>POST /peers/{id}/announce</c>: the version of <paramref name="File"/> (<paramref name="Size"/> bytes,
/// <paramref name="Sha256"/>) this peer is downloading, and the bytes it still lacks, as a tracker's announce with
/// <c>left</c>. A partial holder is listed by <c>/locate</c> until it stops, completes, or its registration expires.
/// </summary>
public sealed record PartialAnnounce(string File, long Size, string Sha256, long Left, AnnounceEvent Event)
{
    /// <summary>Field errors in problem-details form; empty when the announce may be recorded.</summary>
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (SharedFileName.Validate(File) is { } nameError)
        {
            errors["file"] = [nameError];
        }
        if (Size is < 0 or > WireRules.MaxFileSize)
        {
            errors["size"] = [$"size must be 0 to {WireRules.MaxFileSize} bytes."];
        }
        if (!WireRules.IsSha256(Sha256))
        {
            errors["sha256"] = ["sha256 must be 64 lower-case hexadecimal digits."];
        }
        if (Left < 0 || Left > Size)
        {
            errors["left"] = ["left must be 0 to size bytes."];
        }
        if (!Enum.IsDefined(Event))
        {
            errors["event"] = ["event must be started, progress, stopped or completed."];
        }
        return errors;
    }
}
