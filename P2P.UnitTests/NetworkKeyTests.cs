using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using P2P.Contracts.Security;
using P2P.Hosting.Security;
using P2P.Maestro;

namespace P2P.Tests.Unit;

public sealed class NetworkKeyTests
{
    private const string Key = "correct horse battery staple";

    [Theory]
    [InlineData(Key, true)]
    [InlineData("correct horse battery stapler", false)]
    [InlineData("Correct horse battery staple", false)]
    [InlineData("correct", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Matches_only_the_exact_key(string? presented, bool expected)
    {
        Assert.Equal(expected, ConstantTime.Matches(Key, presented));
    }

    [Fact]
    public void A_missing_or_short_key_is_refused_with_every_way_to_set_it_and_without_echoing_it()
    {
        var missing = NetworkKeyOptions.Validate("", "Maestro");
        var tooShort = NetworkKeyOptions.Validate("short-secret", "Peer");

        Assert.NotNull(missing);
        Assert.Contains("not set", missing);
        Assert.Contains("network_key", missing);
        Assert.Contains("Maestro__network_key", missing);
        Assert.Contains(NetworkKey.EnvironmentVariable, missing);
        Assert.NotNull(tooShort);
        Assert.Contains($"at least {NetworkKeyOptions.MinimumLength}", tooShort);
        Assert.Contains("Peer__network_key", tooShort);
        Assert.DoesNotContain("short-secret", tooShort);
        Assert.Null(NetworkKeyOptions.Validate(Key, "Peer"));
    }

    [Theory]
    [InlineData("from-the-setting-0000", "from-the-environment-00", "from-the-setting-0000")]
    [InlineData(null, "from-the-environment-00", "from-the-environment-00")]
    public void The_setting_wins_and_P2P_NETWORK_KEY_fills_in_when_it_is_unset(string? setting, string environment, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{MaestroOptions.SectionName}:{NetworkKeyOptions.ConfigurationKey}"] = setting,
            [NetworkKey.EnvironmentVariable] = environment,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<MaestroOptions>().BindConfiguration(MaestroOptions.SectionName).WithNetworkKeyFallback();
        using var provider = services.BuildServiceProvider();

        Assert.Equal(expected, provider.GetRequiredService<IOptions<MaestroOptions>>().Value.NetworkKey);
    }

    [Fact]
    public void The_maestro_will_not_start_without_a_key()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddOptions<MaestroOptions>().BindConfiguration(MaestroOptions.SectionName).WithNetworkKeyFallback().ValidateDataAnnotations();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MaestroOptions>>().Value);

        Assert.Contains("The network key is not set", error.Message);
    }
}
