using P2P.Connections;

namespace P2P.Tests.Unit;

public sealed class ConnectionsStartupTests : IDisposable
{
    private readonly string? _before = Environment.GetEnvironmentVariable(ConnectionsStartup.PoolSizeVariable);

    [Fact]
    public void Unset_it_is_set_to_the_transfer_size()
    {
        Environment.SetEnvironmentVariable(ConnectionsStartup.PoolSizeVariable, null);

        ConnectionsStartup.SizeSharedArrayPool();

        Assert.Equal("256", Environment.GetEnvironmentVariable(ConnectionsStartup.PoolSizeVariable));
    }

    [Fact]
    public void A_size_the_environment_chose_is_kept()
    {
        Environment.SetEnvironmentVariable(ConnectionsStartup.PoolSizeVariable, "64");

        ConnectionsStartup.SizeSharedArrayPool();

        Assert.Equal("64", Environment.GetEnvironmentVariable(ConnectionsStartup.PoolSizeVariable));
    }

    public void Dispose() => Environment.SetEnvironmentVariable(ConnectionsStartup.PoolSizeVariable, _before);
}
