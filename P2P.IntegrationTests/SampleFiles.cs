using System.Security.Cryptography;
using System.Text;

namespace P2P.Tests.Integration;

/// <summary>The files the fixture puts in the peers' temporary shared folders.</summary>
public static class SampleFiles
{
    public const string Shared = "compartido.txt";
    public const string SharedContent = "shared by P1 and P2";
    public const string OnlyP1 = "solo-p1.txt";
    public const string OnlyP3 = "solo-p3.txt";

    public static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
