namespace P2P.Contracts.Security;

/// <summary>Which end of a connection a proof speaks for: a client's proof can never pass as the server's answer.</summary>
public enum MembershipRole
{
    Client,
    Server,
}
