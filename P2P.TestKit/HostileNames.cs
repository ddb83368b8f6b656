namespace P2P.Tests;

/// <summary>
/// Names that must never be taken for a shared file, each with the words its refusal must contain: traversal, absolute
/// and drive-rooted paths, separators of both kinds, control characters, Windows-reserved characters and device names.
/// </summary>
public static class HostileNames
{
    public static TheoryData<string, string> WithReasons { get; } = new()
    {
        { "", "required" },
        { "   ", "required" },
        { ".", "not file names" },
        { "..", "not file names" },
        { "../etc/passwd", "path separator" },
        { "../../../../etc/shadow", "path separator" },
        { "..\\..\\windows\\win.ini", "path separator" },
        { "a/../b", "path separator" },
        { "a/b.txt", "path separator" },
        { "a\\b.txt", "path separator" },
        { "/etc/passwd", "path separator" },
        { "/", "path separator" },
        { "\\", "path separator" },
        { "C:\\Windows\\win.ini", "path separator" },
        { "\\\\server\\share\\x", "path separator" },
        { "C:win.ini", "drive-rooted" },
        { "C:", "drive-rooted" },
        { "file.txt:stream", "drive-rooted" },
        { "nul\0byte.txt", "control characters" },
        { "tab\there.txt", "control characters" },
        { "new\nline.txt", "control characters" },
        { "carriage\rreturn", "control characters" },
        { "del\u007f.txt", "control characters" },
        { "nel\u0085.txt", "control characters" },
        { "what?.txt", "< > :" },
        { "star*.txt", "< > :" },
        { "pipe|name", "< > :" },
        { "<tag>.txt", "< > :" },
        { "quote\".txt", "< > :" },
        { ".hidden", "Hidden" },
        { ".p2p", "Hidden" },
        { "trailing.", "end with a dot" },
        { "trailing ", "end with a dot" },
        { " leading", "start with white space" },
        { "CON", "reserved device name" },
        { "nul.txt", "reserved device name" },
        { "Com1.log", "reserved device name" },
        { "LPT9", "reserved device name" },
        { "aux.tar.gz", "reserved device name" },
        { "PRN .txt", "reserved device name" },
        { new string('a', 256), "255 bytes" },
        { new string('é', 128), "255 bytes" },
    };

    public static TheoryData<string> Names { get; } = new(WithReasons.Select(row => row.Data.Item1));
}
