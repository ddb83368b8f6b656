using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using P2P.Peer;
using P2P.Peer.Files;

namespace P2P.Tests.Unit;

/// <summary>A scanner of a temporary shared folder, as the scanner's and the settling tests build it.</summary>
internal static class ScannerKit
{
    public static SharedFolderScanner Scanner(string shared, int settleMs = 0, TimeProvider? time = null)
    {
        var options = Options.Create(new PeerOptions { Id = "P1", SharedDir = shared, MaestroUrl = "http://m", FileSettleMs = settleMs });
        return new SharedFolderScanner(new SharedFolder(options), options, time ?? TimeProvider.System, NullLogger<SharedFolderScanner>.Instance);
    }

    public static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
