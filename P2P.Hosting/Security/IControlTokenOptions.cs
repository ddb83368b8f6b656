namespace P2P.Hosting.Security;

/// <summary>A component's settings that carry its control token (config key <c>control_token</c>) and its state folder.</summary>
public interface IControlTokenOptions
{
    string ControlToken { get; set; }

    /// <summary>The folder holding the node's identity and, unless configured, its control token.</summary>
    string StateDirectory { get; }
}
