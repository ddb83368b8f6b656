using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace P2P.Hosting.Membership;

/// <summary>Marks a route that only proven members call (registration, heartbeats, a friend's query): never served on the plain port.</summary>
public sealed class MembersOnly
{
    public static readonly MembersOnly Instance = new();

    private MembersOnly()
    {
    }
}

/// <summary>Puts routes on the TLS port only, for proven members.</summary>
public static class MembersOnlyExtensions
{
    public static TBuilder RequireMembership<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(MembersOnly.Instance).ProducesProblem(StatusCodes.Status401Unauthorized);
}
