using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using P2P.Contracts.Security;

namespace P2P.Hosting.Security;

/// <summary>How a component gets the network key: its <c>network_key</c> setting, else the <c>P2P_NETWORK_KEY</c> variable.</summary>
public static class NetworkKeyOptions
{
    /// <summary>Shorter keys are refused at start: a key is only as good as the guesses it takes.</summary>
    public const int MinimumLength = 16;

    public const string ConfigurationKey = "network_key";

    /// <summary>Fills an unset <c>network_key</c> from the <c>P2P_NETWORK_KEY</c> environment variable.</summary>
    public static OptionsBuilder<T> WithNetworkKeyFallback<T>(this OptionsBuilder<T> builder)
        where T : class, INetworkKeyOptions =>
        builder.PostConfigure<IConfiguration>((options, configuration) =>
        {
            if (string.IsNullOrEmpty(options.NetworkKey))
            {
                options.NetworkKey = configuration[NetworkKey.EnvironmentVariable] ?? "";
            }
        });

    /// <summary>The start-up error for a missing or weak key, naming every way to set it; null when the key will do.</summary>
    public static string? Validate(string? key, string section)
    {
        var howToSet = $"Set {ConfigurationKey} in the config.json (or the environment variable {section}__{ConfigurationKey}), " +
            $"or the environment variable {NetworkKey.EnvironmentVariable}; every node of the network needs the same key.";
        if (string.IsNullOrEmpty(key))
        {
            return $"The network key is not set. {howToSet}";
        }
        return key.Length < MinimumLength
            ? $"The network key is too short: it needs at least {MinimumLength} characters. {howToSet}"
            : null;
    }
}
