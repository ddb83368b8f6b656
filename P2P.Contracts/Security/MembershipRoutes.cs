namespace P2P.Contracts.Security;

/// <summary>The two calls of the membership exchange, served on every node's TLS port.</summary>
public static class MembershipRoutes
{
    public const string Challenge = "/membership/challenge";

    public const string Proof = "/membership/proof";

    /// <summary>Set on every refusal for want of a proof, so a client forgets its proof (the server restarted) and proves again.</summary>
    public const string RequiredHeader = "p2p-membership";
}
