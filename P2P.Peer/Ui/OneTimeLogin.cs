using Microsoft.Extensions.Options;
using P2P.Contracts.Security;

namespace P2P.Peer.Ui;

/// <summary>The login link's secret: it signs in once, and only within its lifetime from the peer's start.</summary>
public sealed class OneTimeLogin(IOptions<WebUiOptions> options, TimeProvider time)
{
    private readonly DateTimeOffset expiresAt = time.GetUtcNow().AddSeconds(options.Value.LoginTokenLifetimeSeconds);
    private int used;

    /// <summary>True once for the right secret before it expires; false for anything else, and after.</summary>
    public bool TryUse(string presented) =>
        options.Value.LoginToken is { } secret
        && time.GetUtcNow() < expiresAt
        && ConstantTime.Matches(secret, presented)
        && Interlocked.Exchange(ref used, 1) == 0;
}
