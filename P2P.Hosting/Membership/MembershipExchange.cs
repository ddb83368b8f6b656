namespace P2P.Hosting.Membership;

/// <summary>Marks the two routes a TLS client may call before it has proven membership.</summary>
public sealed class MembershipExchange
{
    public static readonly MembershipExchange Instance = new();

    private MembershipExchange()
    {
    }
}
