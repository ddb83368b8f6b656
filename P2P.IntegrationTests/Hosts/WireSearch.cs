using System.Text;

namespace P2P.Tests.Integration.Hosts;

/// <summary>Looks for secrets in captured bytes: a string, or any run of <see cref="Run"/> bytes of a file, wherever it starts.</summary>
public static class WireSearch
{
    public const int Run = 64;

    public static bool Contains(byte[] capture, string text) => capture.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>The capture offset of a run of <see cref="Run"/> bytes found in <paramref name="file"/>, or -1.</summary>
    public static long FindRunOf(byte[] capture, byte[] file)
    {
        // Every window of the file by a rolling hash; a window of the capture with a known hash is then compared byte by byte.
        var windows = new HashSet<ulong>();
        foreach (var hash in Hashes(file))
        {
            windows.Add(hash.Value);
        }
        foreach (var (offset, value) in Hashes(capture))
        {
            if (windows.Contains(value) && file.AsSpan().IndexOf(capture.AsSpan(offset, Run)) >= 0)
            {
                return offset;
            }
        }
        return -1;
    }

    private static IEnumerable<(int Offset, ulong Value)> Hashes(byte[] bytes)
    {
        const ulong factor = 1_099_511_628_211;
        var power = 1UL;
        for (var i = 1; i < Run; i++)
        {
            power *= factor;
        }
        var hash = 0UL;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i >= Run)
            {
                hash -= bytes[i - Run] * power;
            }
            hash = (hash * factor) + bytes[i];
            if (i >= Run - 1)
            {
                yield return (i - Run + 1, hash);
            }
        }
    }
}
