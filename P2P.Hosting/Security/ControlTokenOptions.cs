using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using P2P.Contracts.Security;

namespace P2P.Hosting.Security;

/// <summary>
/// How a node gets the token its local control API asks for: its <c>control_token</c> setting, else the environment
/// variable <c>P2P_CONTROL_TOKEN</c>, else the one kept in its state folder (<c>control-token</c>, mode 0600), created at
/// first start as Jupyter and Syncthing create their API keys.
/// </summary>
public static class ControlTokenOptions
{
    public const string ConfigurationKey = "control_token";

    public const string FileName = "control-token";

    public static OptionsBuilder<T> WithControlTokenFile<T>(this OptionsBuilder<T> builder)
        where T : class, IControlTokenOptions =>
        builder.PostConfigure<IConfiguration>((options, configuration) =>
        {
            if (string.IsNullOrEmpty(options.ControlToken))
            {
                options.ControlToken = configuration[ControlTokenAuthentication.EnvironmentVariable] ?? "";
            }
            if (string.IsNullOrEmpty(options.ControlToken) && options.StateDirectory.Length > 0)
            {
                var path = Path.Combine(options.StateDirectory, FileName);
                options.ControlToken = Encoding.ASCII.GetString(
                    StateFile.ReadOrCreate(path, () => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24))))).Trim();
            }
        });
}
