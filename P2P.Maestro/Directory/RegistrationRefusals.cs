using Microsoft.AspNetCore.Http.HttpResults;
using P2P.Hosting.Logging;

namespace P2P.Maestro.Directory;

/// <summary>
/// The answers and logs for registrations the directory refuses because of an id reserved to another certificate or
/// its bounds: a problem that says why, and a warning per certificate and cause that repeats at most once a minute.
/// </summary>
public sealed class RegistrationRefusals(TimeProvider time, ILogger<PeerDirectory> logger)
{
    private readonly LogThrottle _throttle = new(time, TimeSpan.FromMinutes(1));

    public ProblemHttpResult IdClaimed(string id, string fingerprint, string holder, int graceDays)
    {
        if (_throttle.ShouldLog($"claimed {fingerprint} {id}"))
        {
            logger.IdClaimRefused(id, fingerprint, holder);
        }
        return TypedResults.Problem(
            $"Peer id '{id}' belongs to another certificate, which held it within the last {graceDays} days (id_grace_days): choose another id, " +
            $"or restore this node's own identity. Held by {holder}; this node is {fingerprint}.",
            statusCode: StatusCodes.Status403Forbidden, title: "Peer id held by another certificate.");
    }

    public ProblemHttpResult TooManyIds(string id, string fingerprint, int max)
    {
        Log(id, fingerprint, $"its certificate already holds {max} ids (max_ids_per_certificate)");
        return TypedResults.Problem(
            $"This certificate ({fingerprint}) already holds {max} live peer ids, the most one may (max_ids_per_certificate); '{id}' was not registered.",
            statusCode: StatusCodes.Status403Forbidden, title: "Too many peer ids for one certificate.");
    }

    public ProblemHttpResult DirectoryFull(string id, string fingerprint, MaestroOptions limits)
    {
        Log(id, fingerprint, "the directory is full");
        return TypedResults.Problem(
            $"The directory is full: it holds at most {limits.MaxPeers} peers (max_peers), {limits.MaxFileEntries} (file, peer) entries " +
            $"(max_file_entries) and {limits.MaxIdClaims} reserved ids (max_id_claims); '{id}' was not registered. Try again once entries expire.",
            statusCode: StatusCodes.Status507InsufficientStorage, title: "Directory full.");
    }

    private void Log(string id, string fingerprint, string reason)
    {
        if (_throttle.ShouldLog($"{reason} {fingerprint}"))
        {
            logger.DirectoryBoundRefused(id, fingerprint, reason);
        }
    }
}
