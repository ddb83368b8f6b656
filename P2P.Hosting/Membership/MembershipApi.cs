using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using P2P.Contracts.Security;

namespace P2P.Hosting.Membership;

/// <summary>
/// The server's half of the membership exchange, on the TLS port: a fresh nonce, then the client's proof checked against
/// the fingerprints of this very TLS session and answered with the server's own. Only these two calls are open to a
/// TLS client that has not proven the key.
/// </summary>
public static class MembershipApi
{
    private const string RefusedDetail = "The membership proof does not hold: this node and the caller do not share the network key, "
        + "or the proof belongs to another exchange.";

    public static RouteGroupBuilder MapMembershipApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("").WithTags("Membership").WithMetadata(MembershipExchange.Instance);
        api.MapPost(MembershipRoutes.Challenge, Challenge)
            .WithSummary("Start proving membership")
            .WithDescription("TLS port only. A single-use nonce the caller's proof must cover.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapPost(MembershipRoutes.Proof, Prove)
            .WithSummary("Prove membership")
            .WithDescription(
                "TLS port only. HMAC-SHA256 of the network key over both nonces and both certificates' fingerprints; answered with the server's proof.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return api;
    }

    public static Results<Ok<MembershipChallenge>, ProblemHttpResult> Challenge(HttpContext context, MembershipState state)
    {
        if (context.Connection.ClientCertificate is null)
        {
            return MembershipGate.NotOnTls();
        }
        var nonce = MembershipProof.NewNonce();
        state.Nonces.Add(nonce);
        return TypedResults.Ok(new MembershipChallenge(nonce));
    }

    public static Results<Ok<MembershipAnswer>, ProblemHttpResult> Prove(
        MembershipClaim claim, HttpContext context, MembershipState state, NodeCredentials self, ILoggerFactory loggers)
    {
        if (context.Connection.ClientCertificate is not { } certificate)
        {
            return MembershipGate.NotOnTls();
        }
        var client = Fingerprint.Of(certificate);
        // The nonce is spent whether or not the proof holds: a guess costs the guesser a new exchange.
        var fresh = claim.ServerNonce is { } nonce && state.Nonces.TryTake(nonce);
        if (!fresh || !MembershipProof.Verify(
                self.NetworkKey, MembershipRole.Client, claim.ServerNonce!, claim.ClientNonce ?? "", client, self.Identity.Fingerprint, claim.Proof))
        {
            if (state.RefusalWarnings.TryPass(out var held))
            {
                loggers.CreateLogger(typeof(MembershipApi)).MembershipRefused(
                    client, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", fresh ? "wrong proof" : "unknown or spent nonce", held);
            }
            context.Response.Headers[MembershipRoutes.RequiredHeader] = "refused";
            return TypedResults.Problem(RefusedDetail, statusCode: StatusCodes.Status401Unauthorized, title: "Membership not proven.");
        }
        state.Proven.Add(client);
        return TypedResults.Ok(new MembershipAnswer(
            MembershipProof.Compute(self.NetworkKey, MembershipRole.Server, claim.ServerNonce!, claim.ClientNonce!, client, self.Identity.Fingerprint)));
    }
}
