using System.Text;

namespace P2P.Transfer.Sources;

/// <summary>Text a remote party chose (an error detail), made fit for a status, a span and a log line: short, one line, printable.</summary>
public static class RemoteText
{
    public const int MaxLength = 200;

    public static string Quote(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var quoted = new StringBuilder(Math.Min(text.Length, MaxLength + 1));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, MaxLength)))
        {
            quoted.Append(char.IsControl(c) || char.IsSurrogate(c) ? '?' : c);
        }
        return text.Length > MaxLength ? quoted.Append('…').ToString() : quoted.ToString();
    }
}
