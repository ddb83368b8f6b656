using P2P.Hosting.Limits;
using P2P.Hosting.Security;

namespace P2P.Hosting;

/// <summary>A service's settings class: one configuration section, the network key, the control token and the REST limits.</summary>
public interface IServiceOptions : INetworkKeyOptions, IControlTokenOptions, IRestLimitOptions
{
    /// <summary>The configuration section the settings bind to, e.g. <c>Peer</c>; a seed <c>config.json</c> is read into it.</summary>
    static abstract string Section { get; }

    /// <summary>The <c>config.json</c> key holding each Kestrel endpoint's port, by endpoint name (<c>http</c> → <c>port</c>).</summary>
    static abstract IReadOnlyDictionary<string, string> PortKeysByEndpoint { get; }

    /// <summary>The Kestrel endpoint that is the node's TLS port, the only one other machines are meant to reach.</summary>
    static abstract string TlsEndpoint { get; }
}
