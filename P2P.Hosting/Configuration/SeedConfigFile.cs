using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace P2P.Hosting.Configuration;

/// <summary>
/// Loads a seed-style <c>config.json</c> (flat keys such as <c>id</c>, <c>ip</c>, <c>port</c>) named by
/// <c>--config PATH</c> into one configuration section, and turns its <c>ip</c>/<c>port</c> keys into the
/// Kestrel endpoints the process listens on: the TLS port on <c>ip</c>, the plain REST port on <c>rest_ip</c>
/// (default <c>localhost</c>: it serves this machine, as Syncthing's GUI does). Relative paths in <c>shared_dir</c> and <c>state_dir</c> are taken
/// from the config file's folder, so the file works from any working directory.
/// </summary>
public static class SeedConfigFile
{
    public const string ArgumentName = "--config";

    /// <summary>The keys that name folders: a peer's shared folder, a Maestro's state folder.</summary>
    private static readonly string[] s_folderKeys = ["shared_dir", "state_dir"];

    /// <summary>The key naming the address the plain REST port listens on.</summary>
    public const string RestIpKey = "rest_ip";

    public static IConfigurationBuilder AddSeedConfigFile(
        this IConfigurationBuilder configuration, string[] args, string section, IReadOnlyDictionary<string, string> portKeysByEndpoint, string tlsEndpoint)
    {
        var path = FindPath(args);
        if (path is null)
        {
            return configuration;
        }
        return configuration.AddInMemoryCollection(Read(path, section, portKeysByEndpoint, tlsEndpoint));
    }

    public static string? FindPath(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == ArgumentName)
            {
                return i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{ArgumentName} needs the path of a config.json.");
            }
            if (args[i].StartsWith(ArgumentName + "=", StringComparison.Ordinal))
            {
                return args[i][(ArgumentName.Length + 1)..];
            }
        }
        return null;
    }

    public static Dictionary<string, string?> Read(string path, string section, IReadOnlyDictionary<string, string> portKeysByEndpoint, string tlsEndpoint)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"The config file '{fullPath}' does not exist.", fullPath);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(fullPath));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"The config file '{fullPath}' must hold a JSON object.");
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                // A list of strings binds as the configuration's list: key:0, key:1, ...
                var i = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    values[$"{section}:{property.Name}:{i++}"] = item.ValueKind == JsonValueKind.String
                        ? item.GetString()
                        : throw new InvalidDataException($"'{property.Name}' in '{fullPath}' must be a list of strings.");
                }
                continue;
            }
            values[$"{section}:{property.Name}"] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => throw new InvalidDataException(
                    $"'{property.Name}' in '{fullPath}' must be a string, a number, a boolean or a list of strings."),
            };
        }

        var folder = Path.GetDirectoryName(fullPath)!;
        foreach (var key in s_folderKeys)
        {
            if (values.TryGetValue($"{section}:{key}", out var relative) && !string.IsNullOrEmpty(relative))
            {
                values[$"{section}:{key}"] = Path.GetFullPath(relative, folder);
            }
        }

        values.TryGetValue($"{section}:ip", out var ip);
        var restIp = values.TryGetValue($"{section}:{RestIpKey}", out var configuredRestIp) ? configuredRestIp : "localhost";
        foreach (var (endpoint, portKey) in portKeysByEndpoint)
        {
            if (values.TryGetValue($"{section}:{portKey}", out var port) && !string.IsNullOrEmpty(port))
            {
                // Kestrel's URL stays http: the TLS endpoint gets its certificate in code (TlsEndpoint), never from a developer certificate.
                var host = ListenHost(endpoint == tlsEndpoint ? ip : restIp);
                values[$"Kestrel:Endpoints:{endpoint}:Url"] = string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}");
            }
        }
        return values;
    }

    // Kestrel spells "every interface" as '*'; an IPv6 literal needs brackets in a URL.
    private static string ListenHost(string? ip) => ip switch
    {
        null or "" or "0.0.0.0" or "::" => "*",
        _ when ip.Contains(':') => $"[{ip}]",
        _ => ip,
    };
}
