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

    // Data from this assembly: xunit's analyzer cannot read a member declared in another one (xunit/xunit#3474).
    public static TheoryData<string, string> HostileWithReasons => HostileNames.WithReasons;

    [Theory]
    [MemberData(nameof(HostileWithReasons))]
    public void Refuses_names_that_are_not_plain_file_names(string name, string reason)
    {
        var error = SharedFileName.Validate(name);

        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.OrdinalIgnoreCase);
        Assert.False(SharedFileName.IsValid(name));
    }

    [Fact]
    public void Refuses_a_missing_name()
    {
        Assert.Contains("required", SharedFileName.Validate(null));
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
