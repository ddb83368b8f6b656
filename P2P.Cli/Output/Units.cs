using System.Globalization;

namespace P2P.Cli.Output;

/// <summary>Human units for sizes and rates (binary prefixes, as file managers show them).</summary>
public static class Units
{
    private static readonly string[] s_prefixes = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var prefix = 0;
        while (Math.Abs(value) >= 1024 && prefix < s_prefixes.Length - 1)
        {
            value /= 1024;
            prefix++;
        }
        return prefix == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {s_prefixes[prefix]}");
    }

    public static string Rate(double bytesPerSecond) => Bytes((long)bytesPerSecond) + "/s";

    /// <summary>The first 12 digits of a SHA-256: enough to tell versions apart in a table.</summary>
    public static string ShortHash(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
        : span.TotalMinutes >= 1 ? span.ToString(@"m\:ss", CultureInfo.InvariantCulture)
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.0} s");
}
