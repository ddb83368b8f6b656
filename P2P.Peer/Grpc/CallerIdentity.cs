using System.Net;
using Grpc.Core;
using P2P.Contracts.Security;

namespace P2P.Peer.Grpc;

/// <summary>Who is calling, as the TLS connection proved it: the fingerprint of the certificate the membership gate admitted.</summary>
public static class CallerIdentity
{
    /// <summary>The fingerprint of the caller's certificate; null on a connection without one.</summary>
    public static string? Fingerprint(ServerCallContext context) =>
        context.GetHttpContext().Connection.ClientCertificate is { } certificate ? P2P.Contracts.Security.Fingerprint.Of(certificate) : null;

    /// <summary>
    /// One key per downloader, whatever number of connections and streams it opens: its proven fingerprint, else its
    /// address without the port.
    /// </summary>
    public static string Key(ServerCallContext context) => Fingerprint(context) ?? ClientTransferSlots.ClientOf(context.Peer);

    /// <summary>Whether the caller is on this machine: only such a caller may name a loopback address as its own.</summary>
    public static bool IsLocal(ServerCallContext context) =>
        context.GetHttpContext().Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
