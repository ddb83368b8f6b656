using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace P2P.Peer.Ui;

/// <summary>The web UI's settings, under <c>Peer</c> beside the peer's own.</summary>
public sealed class WebUiOptions
{
    /// <summary>
    /// A single-use secret that <c>/ui/login/{secret}</c> exchanges for the sign-in cookie (the AppHost puts it in the
    /// dashboard's Web UI link). Unset (the default): no login link, only the sign-in page with the control token.
    /// </summary>
    [ConfigurationKeyName("ui_login_token")]
    [MinLength(32)]
    public string? LoginToken { get; set; }

    /// <summary>How long after start the login link still works, in seconds. Default 3600: an hour.</summary>
    [ConfigurationKeyName("ui_login_token_lifetime_seconds")]
    [Range(1, 86_400)]
    public int LoginTokenLifetimeSeconds { get; set; } = 3600;
}
