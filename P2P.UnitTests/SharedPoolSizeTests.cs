using P2P.Transfer.Connections;

namespace P2P.Tests.Unit;

public sealed class SharedPoolSizeTests : IDisposable
{
    private readonly string? _before = Environment.GetEnvironmentVariable(SharedPoolSize.Variable);

    [Fact]
    public void Unset_it_is_set_to_the_transfer_size()
    {
        Environment.SetEnvironmentVariable(SharedPoolSize.Variable, null);

        SharedPoolSize.Apply();

        Assert.Equal("256", Environment.GetEnvironmentVariable(SharedPoolSize.Variable));
    }

    [Fact]
    public void A_size_the_environment_chose_is_kept()
    {
        Environment.SetEnvironmentVariable(SharedPoolSize.Variable, "64");

        SharedPoolSize.Apply();

        Assert.Equal("64", Environment.GetEnvironmentVariable(SharedPoolSize.Variable));
    }

    public void Dispose() => Environment.SetEnvironmentVariable(SharedPoolSize.Variable, _before);
}
