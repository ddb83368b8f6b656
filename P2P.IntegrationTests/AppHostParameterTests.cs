using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace P2P.Tests.Integration;

/// <summary>The AppHost's network key parameter, read from the application model without starting the app.</summary>
public sealed class AppHostParameterTests
{
    private readonly CancellationToken _token = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_configured_key_a_long_secret_one_is_generated_so_a_plain_run_never_prompts()
    {
        var key = await NetworkKeyParameterAsync([]);

        Assert.True(key.Secret);
        var value = await key.GetValueAsync(_token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), _token);
        Assert.NotNull(value);
        Assert.True(value.Length >= 32, $"a generated key of {value.Length} characters");
    }

    [Fact]
    public async Task A_configured_key_is_used_as_given()
    {
        var key = await NetworkKeyParameterAsync(["--Parameters:network-key=configured-key-0123456789"]);

        Assert.Equal("configured-key-0123456789", await key.GetValueAsync(_token).AsTask().WaitAsync(TimeSpan.FromSeconds(30), _token));
    }

    private async Task<ParameterResource> NetworkKeyParameterAsync(string[] args)
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.P2P_AppHost>(args, _token);
        return builder.Resources.OfType<ParameterResource>().Single(p => p.Name == "network-key");
    }
}
