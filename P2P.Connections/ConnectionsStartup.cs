using System.Globalization;

namespace P2P.Connections;

/// <summary>
/// What a process that downloads over these connections does before anything else: the .NET HTTP/2 client holds each
/// stream's incoming bytes in arrays from the process-wide <see cref="System.Buffers.ArrayPool{T}.Shared"/>, and a
/// download's many streams hold more of them than the pool keeps by default, so most become garbage. The pool keeps
/// only what was in use at once, so a larger limit costs no peak memory (bench/results.md has the figures).
/// </summary>
public static class ConnectionsStartup
{
    public const string PoolSizeVariable = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    public const int ArraysPerPartition = 256;

    /// <summary>
    /// Sizes the shared array pool for transfers, unless the environment already chose a size; the runtime reads the
    /// setting once, when the pool is first used, so this is the first statement of a Main.
    /// </summary>
    public static void SizeSharedArrayPool()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PoolSizeVariable)))
        {
            Environment.SetEnvironmentVariable(PoolSizeVariable, ArraysPerPartition.ToString(CultureInfo.InvariantCulture));
        }
    }
}
