using System.Collections.Frozen;
using System.Text;

namespace P2P.Peer.Ui;

/// <summary>The UI's pages, styles and script, embedded in the peer: nothing comes from a CDN, and no path reaches the disk.</summary>
public static class UiAssets
{
    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["app.css"] = "text/css; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["icon.svg"] = "image/svg+xml",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, byte[]> Bytes = ContentTypes.Keys
        .Concat(["index.html", "login.html"])
        .ToFrozenDictionary(name => name, Read);

    /// <summary>A static asset by its name, or null for any name not in the list.</summary>
    public static (byte[] Bytes, string ContentType)? Find(string name) =>
        ContentTypes.TryGetValue(name, out var type) ? (Bytes[name], type) : null;

    public static string Page(string name) => Encoding.UTF8.GetString(Bytes[name]);

    private static byte[] Read(string name)
    {
        using var stream = typeof(UiAssets).Assembly.GetManifestResourceStream("ui/" + name)
            ?? throw new InvalidOperationException($"The UI asset {name} is not embedded in the peer.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
