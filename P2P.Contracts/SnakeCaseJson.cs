using System.Text.Json;
using System.Text.Json.Serialization;

namespace P2P.Contracts;

/// <summary>The wire format of every REST API in the network: snake_case JSON, as in the seed.</summary>
public static class SnakeCaseJson
{
    public static JsonSerializerOptions Options { get; } = Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        // An enum is its name on the wire, so a number from another party is refused rather than taken as a value.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }

    /// <summary>An enum value's wire name (<c>not_found</c>), for a tag or a message that shows it as the JSON does.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
