using System.Text;

namespace P2P.Tests.Integration.Fuzz;

/// <summary>
/// Random hostile values from one seeded generator, so a failing run can be replayed: names and path segments (traversal,
/// control characters, odd Unicode, broken percent-encodings, huge strings) and JSON bodies of random shapes, well formed or not.
/// </summary>
public sealed class HostileInput(int seed)
{
    private static readonly string[] s_tricks =
    [
        "..", "../../../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e%2f%2e%2e%2f", "%252e%252e%252f", "....//....//", "/etc/passwd",
        "C:\\Windows\\win.ini", "\\\\server\\share", "%00", "a%00.txt", "%c0%af", "%ff%fe", "%", "%%", "%zz", "?", "#", "&", "=",
        "..;/", "~", "$HOME", "`id`", "{{7*7}}", "<script>", "' OR 1=1 --", "\u202e.txt", "\ud800", "\uffff", "nul", ".p2p", ".p2p/hashes.json",
    ];

    private static readonly string[] s_names = [.. HostileNames.WithReasons.Select(row => row.Data.Item1)];

    private static readonly string[] s_contentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16", "text/plain", "application/xml",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/problem+json", "x/y;;;=", "",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The names every value generator may fall back to: the peer's real files, so some requests reach real state.</summary>
    public IReadOnlyList<string> KnownNames { get; init; } = [];

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public int Next(int max) => _random.Next(max);

    public string ContentType() => Pick(s_contentTypes);

    /// <summary>A string to put in a name, an id or a URL, as text (encoded by whoever sends it).</summary>
    public string Text() => _random.Next(9) switch
    {
        0 => Pick(s_names),
        1 => Pick(s_tricks),
        2 when KnownNames.Count > 0 => Pick(KnownNames),
        3 => new string(Pick(new[] { 'a', '.', '/', '\\', '\0', 'é', '%' }), _random.Next(1, 1000)),
        4 => "",
        5 => Guid.NewGuid().ToString("N"),
        _ => RandomUnicode(_random.Next(1, 40)),
    };

    /// <summary>A string already in a URL's percent-encoded form, valid or not: raw bytes (broken UTF-8 too), or encoded text.</summary>
    public string UrlPart() => _random.Next(4) switch
    {
        0 => string.Concat(Enumerable.Range(0, _random.Next(1, 20)).Select(_ => $"%{_random.Next(256):X2}")),
        1 => Pick(s_tricks),
        _ => Uri.EscapeDataString(Text()),
    };

    /// <summary>A request body: JSON of a random shape built around <paramref name="fields"/>, or bytes that are not JSON at all.</summary>
    public byte[] Body(IReadOnlyList<string> fields) => _random.Next(10) switch
    {
        0 => [],
        1 => Encoding.UTF8.GetBytes(Pick(new[] { "{", "[1,", "\"unterminated", "{\"file\":}", "nul", "{'file':'x'}", "{\"a\":1,}", "\u0000" })),
        2 => Encoding.UTF8.GetBytes(new string('[', _random.Next(60, 5000))),
        3 => _random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), _random.Next(1, 2000)),
        _ => Encoding.UTF8.GetBytes(Json(fields, depth: 0)),
    };

    private string Json(IReadOnlyList<string> fields, int depth)
    {
        if (depth == 0 || Chance(0.3))
        {
            // An object with some of the route's own fields and some strangers, each holding any kind of value.
            var keys = Enumerable.Range(0, _random.Next(0, 7)).Select(_ => fields.Count > 0 && Chance(0.8) ? Pick(fields) : Text()).ToList();
            return depth > 3
                ? "{}"
                : "{" + string.Join(",", keys.Select(k => $"{Quote(k)}:{Value(fields, depth + 1)}")) + "}";
        }
        return Value(fields, depth + 1);
    }

    private string Value(IReadOnlyList<string> fields, int depth) => _random.Next(depth > 3 ? 6 : 9) switch
    {
        0 => "null",
        1 => Chance(0.5) ? "true" : "false",
        2 => Pick(new[] { "0", "-1", "1e309", "-1e309", "9223372036854775808", "-9223372036854775809", "1.5", "1e-400", "4294967296", "2147483648" }),
        3 => _random.NextInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        4 => Quote(new string('x', Chance(0.05) ? 200_000 : _random.Next(0, 300))),
        5 => Quote(Text()),
        6 => "[" + string.Join(",", Enumerable.Range(0, _random.Next(0, 5)).Select(_ => Value(fields, depth + 1))) + "]",
        _ => Json(fields, depth + 1),
    };

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private string RandomUnicode(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            // Mostly the ranges that trip parsers: controls, Latin-1, combining marks, bidi controls, surrogates, private use.
            var code = Pick(new[]
            {
                (0, 0x20), (0x20, 0x7f), (0x7f, 0x100), (0x300, 0x370), (0x2000, 0x2070), (0xd800, 0xe000), (0xe000, 0xf900), (0xfff0, 0x10000),
            });
            text.Append((char)_random.Next(code.Item1, code.Item2));
        }
        return text.ToString();
    }
}
