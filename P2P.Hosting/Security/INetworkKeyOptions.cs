namespace P2P.Hosting.Security;

/// <summary>A component's settings that carry the network key (config key <c>network_key</c>).</summary>
public interface INetworkKeyOptions
{
    string NetworkKey { get; set; }
}
