using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;
using P2P.Hosting;
using P2P.Hosting.Problems;
using P2P.Hosting.Security;
using P2P.Contracts.Security;
using P2P.Hosting.Membership;

namespace P2P.Maestro.Directory;

/// <summary>The Maestro's REST API: status, peers, registration and heartbeats, and file lookup.</summary>
public static class DirectoryApi
{
    public static RouteGroupBuilder MapDirectoryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Directory");

        api.MapGet("/", GetStatus)
            .WithSummary("Directory status")
            .WithDescription("Live peers, distinct file names, copies of files and the Maestro's uptime.");
        api.MapGet(MaestroRoutes.Peers, GetPeers)
            .WithSummary("Live peers")
            .WithDescription("Every peer whose registration has not expired, with its addresses and file count: at most "
                + "max_peers (default 10,000), the most the directory holds.");
        api.MapGet(MaestroRoutes.PeerTemplate, GetPeer)
            .WithSummary("One live peer")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet(MaestroRoutes.Locate, Locate)
            .WithSummary("Locate a file")
            .WithDescription("The live peers that hold the file, with the size and SHA-256 of each copy: all of them up to "
                + "max_locations (default 100), else a random sample of that many, drawn afresh at each call. 400 for a name "
                + "that is not a plain file name, 404 when no live peer has it.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Reads stay open; changing the directory needs a proven member on the TLS port, and a live entry its lease token too.
        var writes = api.MapGroup("").RequireMembership();
        writes.MapPost(MaestroRoutes.Register, Register)
            .WithSummary("Register a peer")
            .WithDescription("A peer's whole state: it replaces the peer's previous entry atomically. Invalid fields are "
                + "listed per field. Members only, on the TLS port; replacing a live entry needs its lease token too (403 otherwise). "
                + "An id stays reserved for the certificate that last held it for id_grace_days (403 for another one); a "
                + "certificate holds at most max_ids_per_certificate ids (403 beyond), and the directory max_peers peers and "
                + "max_file_entries (file, peer) entries (507 beyond). "
                + "Addresses at localhost or a wildcard (0.0.0.0, ::) registered from another host are recorded at the "
                + "address the registration came from, with their ports.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage);
        writes.MapPut(MaestroRoutes.HeartbeatTemplate, Heartbeat)
            .WithSummary("Keep a registration alive")
            .WithDescription("404 when the Maestro does not know the peer (restarted or expired): the peer then registers again.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        writes.MapPost(MaestroRoutes.AnnounceTemplate, Announce)
            .WithSummary("Announce a download")
            .WithDescription("The version a peer is downloading and the bytes it still lacks (left), as a tracker's announce: started and progress "
                + "list it with /locate as a partial holder, stopped and completed take it off (a completed copy shows through the next registration). "
                + "Members only, on the TLS port, with the entry's lease token from the certificate that registered it (403 otherwise); 404 for an unknown "
                + "peer, 409 past max_partials_per_peer (default 64) versions at once, 507 when the directory holds "
                + "max_file_entries. Lives as long as the registration.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status507InsufficientStorage);
        writes.MapDelete(MaestroRoutes.PeerTemplate, Deregister)
            .WithSummary("Deregister a peer")
            .WithDescription("A peer stopping cleanly; its files stop being located at once.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        // An operator's action on the plain port, not a member's: the control token, as a peer's control routes.
        api.MapDelete(MaestroRoutes.Peers, ForgetAll)
            .RequireControlToken()
            .WithSummary("Forget every peer")
            .WithDescription("Empties the directory, as a restart of the Maestro would: each peer's next heartbeat is told "
                + "to register again, and does. Needs the control token.");

        return api;
    }

    public static Ok<MaestroStatus> GetStatus(PeerDirectory directory, ProcessUptime uptime)
    {
        var (peers, files, copies) = directory.Count();
        return TypedResults.Ok(new MaestroStatus("maestro", peers, files, copies, Math.Round(uptime.Elapsed.TotalSeconds, 3), uptime.StartedAt));
    }

    public static Ok<IReadOnlyList<PeerSummary>> GetPeers(PeerDirectory directory) => TypedResults.Ok(directory.LivePeers());

    public static Results<Ok<PeerSummary>, ProblemHttpResult> GetPeer(string id, PeerDirectory directory)
    {
        return directory.Find(id) is { } peer ? TypedResults.Ok(peer) : UnknownPeer(id);
    }

    public static Results<Ok<RegistrationAccepted>, ValidationProblem, ProblemHttpResult> Register(
        PeerRegistration registration, [FromHeader(Name = PeerLease.HeaderName)] string? lease, HttpContext context,
        PeerDirectory directory, RegistrationRefusals refusals, IOptions<MaestroOptions> options, ILogger<PeerDirectory> logger)
    {
        var errors = RegistrationValidator.Validate(registration, options.Value.MaxFilesPerPeer);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The registration is not valid.");
        }
        registration = FromSource(registration, context.Connection.RemoteIpAddress, logger);

        // The fingerprint of this TLS session, never a claimed field: MembershipGate admitted only a proven certificate.
        var fingerprint = Fingerprint.Of(context.Connection.ClientCertificate!);
        var outcome = directory.Register(registration, fingerprint, lease);
        switch (outcome.Outcome)
        {
            case PeerWrite.NotOwner:
                logger.RegistrationRefused(registration.Id);
                return NotOwner(registration.Id, options.Value.PeerTtlSeconds);
            case PeerWrite.IdClaimed:
                return refusals.IdClaimed(registration.Id, fingerprint, outcome.PreviousFingerprint!, options.Value.IdGraceDays);
            case PeerWrite.TooManyIds:
                return refusals.TooManyIds(registration.Id, fingerprint, options.Value.MaxIdsPerCertificate);
            case PeerWrite.DirectoryFull:
                return refusals.DirectoryFull(registration.Id, fingerprint, options.Value);
        }
        if (outcome.PreviousFingerprint is { } previous && previous != fingerprint)
        {
            logger.PeerCertificateChanged(registration.Id, fingerprint, previous);
        }
        logger.PeerRegistered(registration.Id, registration.Files.Count, outcome.Replaced);
        return TypedResults.Ok(new RegistrationAccepted(registration.Id, registration.Files.Count, options.Value.PeerTtlSeconds, outcome.LeaseToken!));
    }

    public static Results<NoContent, ProblemHttpResult> Heartbeat(
        string id, [FromHeader(Name = PeerLease.HeaderName)] string? lease, PeerDirectory directory, IOptions<MaestroOptions> options,
        ILogger<PeerDirectory> logger)
    {
        switch (directory.Heartbeat(id, lease))
        {
            case PeerWrite.Done:
                return TypedResults.NoContent();
            case PeerWrite.NotOwner:
                logger.ChangeRefused(id);
                return NotOwner(id, options.Value.PeerTtlSeconds);
            default:
                logger.HeartbeatFromUnknownPeer(id);
                return UnknownPeer(id);
        }
    }

    public static Results<NoContent, ProblemHttpResult> Deregister(
        string id, [FromHeader(Name = PeerLease.HeaderName)] string? lease, PeerDirectory directory, IOptions<MaestroOptions> options,
        ILogger<PeerDirectory> logger)
    {
        switch (directory.Remove(id, lease))
        {
            case PeerWrite.Done:
                logger.PeerDeregistered(id);
                return TypedResults.NoContent();
            case PeerWrite.NotOwner:
                logger.ChangeRefused(id);
                return NotOwner(id, options.Value.PeerTtlSeconds);
            default:
                return UnknownPeer(id);
        }
    }

    public static Results<NoContent, ValidationProblem, ProblemHttpResult> Announce(
        string id, PartialAnnounce announce, [FromHeader(Name = PeerLease.HeaderName)] string? lease, HttpContext context,
        PeerDirectory directory, IOptions<MaestroOptions> options, ILogger<PeerDirectory> logger)
    {
        var errors = announce.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The announce is not valid.");
        }
        // The session's certificate, as for a registration: a lease token alone, copied elsewhere, announces nothing.
        switch (directory.Announce(id, lease, Fingerprint.Of(context.Connection.ClientCertificate!), announce))
        {
            case PeerWrite.Done:
                return TypedResults.NoContent();
            case PeerWrite.NotOwner:
                logger.ChangeRefused(id);
                return NotOwner(id, options.Value.PeerTtlSeconds);
            case PeerWrite.TooManyPartials:
                return TypedResults.Problem($"Peer '{id}' already announces {options.Value.MaxPartialsPerPeer} versions it is downloading; stop one first.",
                    statusCode: StatusCodes.Status409Conflict, title: "Too many partial holdings.");
            case PeerWrite.DirectoryFull:
                return TypedResults.Problem($"The directory holds max_file_entries ({options.Value.MaxFileEntries}) entries.",
                    statusCode: StatusCodes.Status507InsufficientStorage, title: "The directory is full.");
            default:
                return UnknownPeer(id);
        }
    }

    public static Ok<PeersForgotten> ForgetAll(PeerDirectory directory, ILogger<PeerDirectory> logger)
    {
        var forgotten = directory.Clear();
        logger.PeersForgotten(forgotten);
        return TypedResults.Ok(new PeersForgotten(forgotten));
    }

    public static Results<Ok<LocateResponse>, ProblemHttpResult> Locate([FromQuery] string? file, PeerDirectory directory)
    {
        if (SharedFileName.Validate(file) is { } error)
        {
            return FileNameProblem.Invalid(error);
        }

        var peers = directory.Locate(file!);
        return peers.Count > 0
            ? TypedResults.Ok(new LocateResponse(file!, peers))
            : TypedResults.Problem($"No live peer has '{file}'.", statusCode: StatusCodes.Status404NotFound, title: "File not found.");
    }

    private static PeerRegistration FromSource(PeerRegistration registration, System.Net.IPAddress? remote, ILogger logger)
    {
        var recorded = registration with
        {
            RestUrl = AdvertisedAddress.Resolve(registration.RestUrl, remote),
            GrpcUrl = AdvertisedAddress.Resolve(registration.GrpcUrl, remote),
        };
        if (recorded != registration)
        {
            logger.AdvertisedAddressReplaced(registration.Id, registration.RestUrl, registration.GrpcUrl, recorded.RestUrl, recorded.GrpcUrl);
        }
        return recorded;
    }

    private static ProblemHttpResult NotOwner(string id, int ttlSeconds) =>
        TypedResults.Problem(
            $"Peer '{id}' is registered by someone else: changing its entry needs the lease token its registration returned, "
                + $"in the {PeerLease.HeaderName} header. " +
            $"An entry without a heartbeat for {ttlSeconds} s expires and can then be registered anew.",
            statusCode: StatusCodes.Status403Forbidden, title: "Not this peer's owner.");

    private static ProblemHttpResult UnknownPeer(string id) =>
        TypedResults.Problem($"No live peer is registered as '{id}'; register first.", statusCode: StatusCodes.Status404NotFound, title: "Unknown peer.");
}
