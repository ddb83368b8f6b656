using P2P.Contracts.Files;

namespace P2P.Tests.Unit;

public sealed class SharedFileNameTests
{
    [Theory]
    [InlineData("archivo1.txt")]
    [InlineData("photo 2024.JPG")]
    [InlineData("a..b")]
    [InlineData("ñandú-ü.txt")]
    [InlineData("no_extension")]
    [InlineData("console.log")]
    public void Accepts_plain_portable_names(string name)
    {
        Assert.Null(SharedFileName.Validate(name));
        Assert.True(SharedFileName.IsValid(name));
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData(".", "not file names")]
    [InlineData("..", "not file names")]
    [InlineData("../etc/passwd", "path separator")]
    [InlineData("a/b.txt", "path separator")]
    [InlineData("a\\b.txt", "path separator")]
    [InlineData("/etc/passwd", "path separator")]
    [InlineData("C:\\Windows\\win.ini", "path separator")]
    [InlineData("C:win.ini", "drive-rooted")]
    [InlineData("file.txt:stream", "drive-rooted")]
    [InlineData("nul\0byte.txt", "control characters")]
    [InlineData("tab\there.txt", "control characters")]
    [InlineData("new\nline.txt", "control characters")]
    [InlineData("what?.txt", "< > :")]
    [InlineData("star*.txt", "< > :")]
    [InlineData(".hidden", "Hidden")]
    [InlineData(".p2p", "Hidden")]
    [InlineData("trailing.", "end with a dot")]
    [InlineData("trailing ", "end with a dot")]
    [InlineData(" leading", "start with white space")]
    [InlineData("CON", "reserved device name")]
    [InlineData("nul.txt", "reserved device name")]
    [InlineData("Com1.log", "reserved device name")]
    [InlineData("LPT9", "reserved device name")]
    public void Refuses_names_that_are_not_plain_file_names(string? name, string reason)
    {
        var error = SharedFileName.Validate(name);

        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
        Assert.False(SharedFileName.IsValid(name));
    }

    [Fact]
    public void Refuses_names_longer_than_255_bytes_of_utf8_even_when_short_in_characters()
    {
        var fits = new string('a', 255);
        var tooLongAscii = new string('a', 256);
        var tooLongUtf8 = new string('é', 128); // 2 bytes each: 256 bytes in 128 characters

        Assert.Null(SharedFileName.Validate(fits));
        Assert.Contains("255 bytes", SharedFileName.Validate(tooLongAscii));
        Assert.Contains("255 bytes", SharedFileName.Validate(tooLongUtf8));
    }
}
