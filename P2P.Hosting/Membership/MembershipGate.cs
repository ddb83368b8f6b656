using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using P2P.Contracts.Security;

namespace P2P.Hosting.Membership;

/// <summary>
/// Admits REST requests by where they arrive: on the TLS port only from a client whose certificate proved the key
/// (its fingerprint, from the TLS session); on the plain port anything but the members' routes. gRPC calls only from a
/// proven member, refused here with a gRPC status before their message is read (<see cref="MembershipInterceptor"/> stays
/// as the service's own check). Runs before anything reads a body, so a refused client's body is never read.
/// </summary>
public static class MembershipGate
{
    public const string MembersOnlyDetail = "This route serves proven members of the network on the TLS port only.";

    public const string UnprovenDetail = "This node has not seen this certificate prove the network key: "
        + "prove membership (POST /membership/challenge, then /membership/proof) first.";

    public static WebApplication UseMembershipGate(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not null)
            {
                if (!IsProvenMember(context))
                {
                    RefuseCall(context);
                    return;
                }
            }
            else if (Refusal(context) is { } refusal)
            {
                context.Response.Headers[MembershipRoutes.RequiredHeader] = "required";
                await refusal.ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    public static ProblemHttpResult NotOnTls() =>
        TypedResults.Problem(
            "Membership is proven on the TLS port, with a client certificate.", statusCode: StatusCodes.Status401Unauthorized,
            title: "Membership not proven.");

    /// <summary>True when the request came over TLS from a certificate that proved the key.</summary>
    public static bool IsProvenMember(HttpContext context) =>
        context.Connection.ClientCertificate is { } certificate
        && context.RequestServices.GetRequiredService<MembershipState>().Proven.Contains(Fingerprint.Of(certificate));

    private static ProblemHttpResult? Refusal(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (context.Connection.ClientCertificate is null)
        {
            return endpoint?.Metadata.GetMetadata<MembersOnly>() is null ? null : Refused(MembersOnlyDetail);
        }
        if (endpoint?.Metadata.GetMetadata<MembershipExchange>() is not null)
        {
            return null;
        }
        return IsProvenMember(context) ? null : Refused(UnprovenDetail);
    }

    /// <summary>A trailers-only gRPC answer: Unauthenticated, with why, and no message read or written.</summary>
    private static void RefuseCall(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers[MembershipRoutes.RequiredHeader] = "required";
        headers.ContentType = "application/grpc";
        headers["grpc-status"] = ((int)StatusCode.Unauthenticated).ToString(CultureInfo.InvariantCulture);
        headers["grpc-message"] = Uri.EscapeDataString(context.Connection.ClientCertificate is null ? MembersOnlyDetail : UnprovenDetail);
    }

    private static ProblemHttpResult Refused(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Membership not proven.");
}
