using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using P2P.Contracts.Files;
using P2P.Contracts.Maestro;

namespace P2P.Contracts.Remote;

/// <summary>
/// The rules a value read from another node must pass before it becomes a gRPC channel, a path, a header or a log
/// line, and the caps on the lists an answer may carry.
/// </summary>
public static partial class WireRules
{
    /// <summary>Larger than any file a peer shares (16 TiB); a bigger size is a lie.</summary>
    public const long MaxFileSize = 1L << 44;

    /// <summary>Locations in one lookup answer; a network with more holders of one file than this is not ours.</summary>
    public const int MaxLocations = 1_000;

    /// <summary>Hops reported by one lookup: each peer a query reaches, or fails to, adds one.</summary>
    public const int MaxHops = 1_000;

    /// <summary>Peer ids on a query's path: the 64 a query may arrive with, plus the hops its TTL allows.</summary>
    public const int MaxPathLength = 128;

    /// <summary>Live peers the Maestro lists at once.</summary>
    public const int MaxListedPeers = 10_000;

    /// <summary>Files one peer lists: five times the Maestro's default registration limit.</summary>
    public const int MaxListedFiles = 500_000;

    public const int MaxUrlLength = 2_048;

    private const string UrlRule = "must be an absolute http:// or https:// URL.";

    private const string TlsUrlRule = "must be an absolute https:// URL: another node's TLS port.";

    public static bool IsHttpUrl([NotNullWhen(true)] string? value) => AsHttpUrl(value) is not null;

    /// <summary>An https URL: the only kind of gRPC address taken from another node, so no challenge goes out in the clear.</summary>
    public static bool IsHttpsUrl([NotNullWhen(true)] string? value) => AsHttpUrl(value)?.Scheme == Uri.UriSchemeHttps;

    /// <summary>
    /// Why a remote party may not hand out this node's addresses, or null when it may: a loopback, link-local or
    /// unspecified address names this machine or its link, not the party's, unless <paramref name="loopbackAllowed"/>.
    /// </summary>
    public static string? AddressProblem(IRemoteNodeEntry node, bool loopbackAllowed) =>
        loopbackAllowed ? null
        : IsLocalAddress(node.RestUrl) ? "rest_url names a loopback or link-local address, which no remote party may hand out."
        : IsLocalAddress(node.GrpcUrl) ? "grpc_url names a loopback or link-local address, which no remote party may hand out."
        : null;

    /// <summary>
    /// Whether <paramref name="url"/>'s host is this machine or its link: a loopback, link-local or unspecified address,
    /// or a localhost name.
    /// </summary>
    public static bool IsLocalAddress(string? url)
    {
        if (AsHttpUrl(url) is not { } uri)
        {
            return false;
        }
        if (uri.IsLoopback || uri.DnsSafeHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || uri.DnsSafeHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (!IPAddress.TryParse(uri.DnsSafeHost, out var address))
        {
            return false;
        }
        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal
            || (address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes() is [169, 254, ..]);
    }

    /// <summary>Printable text of at most <paramref name="maxLength"/> characters: safe in a log line or a table.</summary>
    public static bool IsText([NotNullWhen(true)] string? value, int maxLength) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= maxLength && !value.Any(char.IsControl);

    /// <summary>A W3C trace id (32 lower-case hex digits), or empty where no trace was active.</summary>
    public static bool IsTraceId([NotNullWhen(true)] string? value) => value is not null && (value.Length == 0 || TraceIdHex().IsMatch(value));

    public static bool IsSha256([NotNullWhen(true)] string? value) => Sha256Text.IsValid(value);

    /// <summary>Every id on the wire (a peer's, a query's, a download's): 1 to 64 letters, digits, '-' or '_', safe in a URL path and a log line.</summary>
    public static bool IsId([NotNullWhen(true)] string? value) => value is not null && IdPattern().IsMatch(value);

    /// <summary>Why a peer's id and addresses cannot be used, or null when they can.</summary>
    public static string? PeerProblem(string? id, string? restUrl, string? grpcUrl) =>
        !PeerId.IsValid(id) ? PeerId.Rule
        : !IsHttpUrl(restUrl) ? $"rest_url {UrlRule}"
        : !IsHttpsUrl(grpcUrl) ? $"grpc_url {TlsUrlRule}"
        : null;

    /// <summary>Why a certificate fingerprint cannot be used, or null when it can.</summary>
    public static string? FingerprintProblem(string? fingerprint) =>
        Security.Fingerprint.IsValid(fingerprint) ? null : $"fingerprint {Security.Fingerprint.Rule}";

    /// <summary>Why a file's size and hash cannot be used, or null when they can.</summary>
    public static string? FileProblem(long size, string? sha256) =>
        size is < 0 or > MaxFileSize ? $"size must be 0 to {MaxFileSize} bytes."
        : !IsSha256(sha256) ? "sha256 must be 64 lower-case hexadecimal digits."
        : null;

    /// <exception cref="InvalidDataException"><paramref name="ok"/> is false.</exception>
    public static void Require([DoesNotReturnIf(false)] bool ok, string field, string rule)
    {
        if (!ok)
        {
            throw new InvalidDataException($"{field} {rule}");
        }
    }

    /// <summary>
    /// The entries that pass their rules; a missing list, or one longer than <paramref name="max"/>, refuses the document.
    /// A node's addresses pass only if <paramref name="dropped"/> is a <see cref="DroppedEntries"/> that allows local ones or they are not local.
    /// </summary>
    public static IReadOnlyList<T> Entries<T>(IReadOnlyList<T?>? list, int max, string field, ICollection<string> dropped)
        where T : class, IRemoteEntry
    {
        Require(list is not null, field, "is required.");
        Require(list.Count <= max, field, $"holds at most {max} entries; this one holds {list.Count}.");
        var kept = new List<T>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var entry = list[i];
            if (EntryProblem(entry, dropped is DroppedEntries { LoopbackAllowed: true }) is { } problem)
            {
                dropped.Add($"{field}[{i}]: {problem}");
                continue;
            }
            kept.Add(entry!);
        }
        return kept;
    }

    /// <summary>Why one entry of a remote answer cannot be used: its own rules, then, for a node, where its addresses point.</summary>
    public static string? EntryProblem(IRemoteEntry? entry, bool loopbackAllowed) =>
        entry is null ? "an entry cannot be null."
        : entry.Validate() ?? (entry is IRemoteNodeEntry node ? AddressProblem(node, loopbackAllowed) : null);

    private static Uri? AsHttpUrl(string? value) =>
        value is { Length: > 0 and <= MaxUrlLength } && !value.Any(char.IsControl)
        && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 ? uri : null;

    /// <summary>A path of peer ids, refused as a whole when any id breaks the rule: it says where the answer came from.</summary>
    public static IReadOnlyList<string> Path(IReadOnlyList<string?>? path, string field)
    {
        Require(path is not null, field, "is required.");
        Require(path.Count <= MaxPathLength, field, $"holds at most {MaxPathLength} peer ids.");
        Require(path.All(PeerId.IsValid), field, $"holds peer ids only: {PeerId.Rule}");
        return [.. path.OfType<string>()];
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[0-9a-f]{32}\z")]
    private static partial Regex TraceIdHex();
}
