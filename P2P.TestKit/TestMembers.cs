using P2P.Contracts.Security;

namespace P2P.Tests;

/// <summary>Identities of nodes a test plays: a member holding a key, or a stranger holding another.</summary>
public static class TestMembers
{
    /// <summary>The key of the networks the in-process test doubles belong to.</summary>
    public const string Key = "in-process-test-network-key";

    /// <summary>A fresh certificate proving <paramref name="key"/>.</summary>
    public static NodeCredentials Holding(string key = Key) => new(NodeIdentity.Ephemeral(TimeProvider.System), key);
}
