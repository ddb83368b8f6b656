using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace P2P.Peer.Swarm;

/// <summary>How a peer takes part in a swarm (section <c>Peer</c>, the seed's flat <c>config.json</c> keys).</summary>
public sealed class SwarmOptions
{
    /// <summary>
    /// Whether this peer serves the chunks it has verified of a file it is still downloading, announces them, and adds
    /// sources while a download runs. Off, a download helps nobody until it is complete, as before swarming. Default true.
    /// </summary>
    [ConfigurationKeyName("swarming")]
    public bool Swarming { get; set; } = true;

    /// <summary>
    /// Downloaders this peer serves at once per file; others are told "busy, try another holder", and the slots rotate
    /// so nobody starves. Default 6.
    /// </summary>
    [ConfigurationKeyName("upload_slots_per_file")]
    [Range(1, 64)]
    public int UploadSlotsPerFile { get; set; } = 6;

    /// <summary>
    /// Seconds between lookups for more sources while a download runs with fewer sources than it could use. Default 5.
    /// </summary>
    [ConfigurationKeyName("swarm_lookup_seconds")]
    [Range(1, 3600)]
    public int SwarmLookupSeconds { get; set; } = 5;
}
